"""The whole-authority export: everything of the leaving authority, nothing of another (apart
from a person both authorities named), with a manifest that matches the files."""

import io
import json
import zipfile
from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from frontdoor.agencies.roles import Role
from frontdoor.audit.models import AuditEvent
from frontdoor.contacts.models import Contact, ContactSubject
from frontdoor.contacts.tests.factories import child
from frontdoor.core.actors import Actor
from frontdoor.outcomes.tests.builders import actor_for, decided_contact, make_person
from frontdoor.reporting.authority_export import KINDS, export_authority

from .test_annex_a import at, build_annex_world

SYSTEM = Actor.system("tests")


@pytest.fixture
def world(hub, practitioner, manager, area_worker, other_la_worker):
    world = build_annex_world(hub, practitioner, manager, area_worker, other_la_worker)
    # Stoke-on-Trent also names Ruby.
    stoke_manager = make_person(
        "stoke.manager2@test.frontdoor.invalid",
        role=Role.MANAGER,
        team=hub["stoke-mash"],
        name="Sue Stoke",
    )
    with time_machine.travel(at(date(2026, 3, 12)), tick=False):
        world.contacts["stoke_ruby"] = decided_contact(
            other_la_worker,
            stoke_manager,
            local_authority_code="861",
            subjects=[child(la_child_id="LA123", existing_person_id=world.ruby.pk)],
        )
    return world


def exported(code: str) -> dict[str, list[dict[str, Any]]]:
    buffer = io.BytesIO()
    export_authority(local_authority_code=code, out=buffer, by=SYSTEM)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        files = {
            name.removesuffix(".jsonl"): [
                json.loads(line) for line in archive.read(name).decode().splitlines()
            ]
            for name in archive.namelist()
            if name.endswith(".jsonl")
        }
        files["manifest"] = [json.loads(archive.read("manifest.json"))]
        files["README"] = [{"text": archive.read("README.txt").decode()}]
    return files


def test_every_contact_of_the_authority_and_none_of_another(world):
    files = exported("860")
    staffs = set(Contact.objects.filter(local_authority__code="860").values_list("pk", flat=True))

    assert {row["id"] for row in files["contacts"]} == staffs
    for name, rows in files.items():
        for row in rows:
            if "contact_id" in row:
                assert row["contact_id"] in staffs, name
    assert {row["local_authority"] for row in files["audit_events"]} == {"860"}


def test_people_are_those_the_authority_named_including_one_named_by_both(world):
    files = exported("860")
    named = set(
        ContactSubject.objects.filter(contact__local_authority__code="860").values_list(
            "person_id", flat=True
        )
    )

    people = {row["id"]: row for row in files["people"]}

    assert set(people) == named
    assert world.ruby.pk in people
    assert "Stokeonly" not in json.dumps(files)
    readme = " ".join(files["README"][0]["text"].split())
    assert "named in contacts of this authority and another authority" in readme


def test_the_other_authoritys_export_has_its_own_and_the_shared_person_only(world):
    files = exported("861")

    names = {row["given_name"] for row in files["people"]}

    assert names == {"Stokeonly", "Ruby"}
    assert {row["local_authority_id"] for row in files["contacts"]} == {
        Contact.objects.filter(local_authority__code="861").first().local_authority_id
    }
    assert not files["team_responses"]
    assert not files["strategy_discussions"]


def test_the_manifest_counts_and_describes_every_file(world):
    files = exported("860")
    [manifest] = files["manifest"]

    assert manifest["local_authority"]["code"] == "860"
    assert [entry["file"] for entry in manifest["files"]] == [f"{k.name}.jsonl" for k in KINDS]
    for entry in manifest["files"]:
        rows = files[entry["file"].removesuffix(".jsonl")]
        assert entry["records"] == len(rows)
        fields = [field["name"] for field in entry["fields"]]
        assert all(list(row) == fields for row in rows), entry["file"]
    counts = {entry["file"]: entry["records"] for entry in manifest["files"]}
    assert counts["team_responses.jsonl"] == 7
    assert counts["strategy_discussions.jsonl"] == 1


def test_the_export_is_audited_with_its_counts(world):
    exported("860")

    [event] = AuditEvent.objects.filter(action="authority.exported")
    assert event.local_authority == "860"
    assert event.details["rows"]["contacts"] == 8
    assert event.details["authorities"] == ["860"]


def test_only_the_system_exports_a_whole_authority(world, manager):
    with pytest.raises(PermissionDenied):
        export_authority(local_authority_code="860", out=io.BytesIO(), by=actor_for(manager))
