"""The duplicates queue, the review of one pair, and a merge with its undo. MASH managers
only: any other role gets a 403; a pair or merge of records the manager cannot see is a 404.
Each view fetches through its scope, calls one service and redirects with a banner; the
services check every rule again."""

import math
from typing import Any

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontdoor.audit.services import record
from frontdoor.core.actors import Actor
from frontdoor.core.forms import show_errors
from frontdoor.people.models import DuplicateProposal, PersonMerge, ProposalStatus

from .forms_duplicates import GROUP_LABELS, MergeForm, NotSameForm, UnmergeForm
from .merging import (
    KEPT,
    different_nhs_numbers,
    later_merge_in_force,
    mark_not_same,
    may_merge,
    may_see,
    merge_people,
    unmerge,
)
from .selectors import open_proposals_for

PAGE_SIZE = 50


def _actor(request: HttpRequest) -> Actor:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    if not may_merge(actor):
        raise PermissionDenied("Possible duplicates are reviewed by MASH managers")
    return actor


def _errors(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {NON_FIELD_ERRORS: error.messages}


def percent(probability: float) -> str:
    """ "92%": rounded down, so that a pair short of certain never reads 100%."""
    return f"{math.floor(probability * 100)}%"


def reasons(proposal: DuplicateProposal, limit: int = 3) -> list[str]:
    """The strongest evidence for the pair, strongest first."""
    positive = [item for item in proposal.explanation if item.get("weight", 0) > 0]
    positive.sort(key=lambda item: item["weight"], reverse=True)
    return [str(item["label"]) for item in positive[:limit]]


def _proposal_for_review(actor: Actor, pk: int) -> DuplicateProposal:
    proposal = (
        DuplicateProposal.objects.select_related(
            "first__sex", "first__ethnicity", "second__sex", "second__ethnicity", "decided_by"
        )
        .filter(pk=pk)
        .first()
    )
    if proposal is None or not may_see(actor, proposal.first, proposal.second):
        raise Http404("No such pair")
    # Both records are shown in full: the event names them, for "who has seen this person".
    record(
        "duplicate.viewed",
        by=actor,
        target=proposal,
        details={"person_ids": sorted([proposal.first_id, proposal.second_id])},
    )
    return proposal


def _merge_for_viewing(actor: Actor, pk: int) -> PersonMerge:
    merge = (
        PersonMerge.objects.select_related("kept", "absorbed", "merged_by", "unmerged_by")
        .filter(pk=pk)
        .first()
    )
    if merge is None or not may_see(actor, merge.kept):
        raise Http404("No such merge")
    record(
        "merge.viewed",
        by=actor,
        target=merge,
        details={"person_ids": sorted([merge.kept_id, merge.absorbed_id])},
    )
    return merge


@never_cache
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    page = Paginator(open_proposals_for(actor), PAGE_SIZE).get_page(request.GET.get("page"))
    named = sorted({pk for p in page.object_list for pk in (p.first_id, p.second_id)})
    record("duplicates.queue_viewed", by=actor, details={"page": page.number, "person_ids": named})
    rows = [
        {"proposal": p, "percent": percent(p.probability), "reasons": reasons(p)}
        for p in page.object_list
    ]
    context = {
        "page": page,
        "rows": rows,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
    }
    return render(request, "personindex/duplicates.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The two records side by side: merge them, choosing field by field, or say they are
    different people."""
    actor = _actor(request)
    proposal = _proposal_for_review(actor, pk)
    first, second = proposal.first, proposal.second
    nhs_differ = different_nhs_numbers(first, second)
    open_ = proposal.status == ProposalStatus.OPEN and not (
        first.merged_into_id or second.merged_into_id
    )
    action = request.POST.get("action") if request.method == "POST" and open_ else None
    merge_form = MergeForm(
        request.POST if action == "merge" else None,
        first=first,
        second=second,
        nhs_differ=nhs_differ,
    )
    not_same_form = NotSameForm(request.POST if action == "not_same" else None)
    if action == "merge" and merge_form.is_valid():
        try:
            merge = merge_people(
                kept=first,
                absorbed=second,
                choices=merge_form.choices(),
                by=actor,
                reason=merge_form.cleaned_data["reason"],
                nhs_override_reason=merge_form.cleaned_data.get("nhs_override_reason", ""),
            )
        except ValidationError as error:
            show_errors(merge_form, _errors(error))
        else:
            messages.success(request, "Records merged. You can undo this merge on this page")
            return redirect("personindex:merge", pk=merge.pk)
    if action == "not_same" and not_same_form.is_valid():
        try:
            mark_not_same(proposal=proposal, by=actor, reason=not_same_form.cleaned_data["reason"])
        except ValidationError as error:
            show_errors(not_same_form, _errors(error))
        else:
            messages.success(request, "Marked as different people. They will not be proposed again")
            return redirect("personindex:duplicates")
    invalid = bool(merge_form.errors or not_same_form.errors)
    context: dict[str, Any] = {
        "proposal": proposal,
        "first": first,
        "second": second,
        "percent": percent(proposal.probability),
        "is_open": open_,
        "nhs_differ": nhs_differ,
        "form": merge_form,
        "not_same_form": not_same_form,
        "merge": PersonMerge.objects.filter(
            kept=first, absorbed=second, unmerged_at__isnull=True
        ).first(),
    }
    return render(
        request, "personindex/duplicate_review.html", context, status=400 if invalid else 200
    )


def _merge_page(
    request: HttpRequest, merge: PersonMerge, form: UnmergeForm, status: int = 200
) -> HttpResponse:
    choices = merge.snapshot.get("choices", {})
    context = {
        "merge": merge,
        "form": form,
        "choices": [
            (GROUP_LABELS[group], "Kept record" if choice == KEPT else "Merged record")
            for group, choice in choices.items()
            if group in GROUP_LABELS
        ],
        "later": later_merge_in_force(merge) if merge.unmerged_at is None else None,
    }
    return render(request, "personindex/merge.html", context, status=status)


@never_cache
@require_GET
def merge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    return _merge_page(request, _merge_for_viewing(actor, pk), UnmergeForm())


@never_cache
@require_POST
def unmerge_view(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    merge = _merge_for_viewing(actor, pk)
    form = UnmergeForm(request.POST)
    if form.is_valid():
        try:
            unmerge(merge=merge, by=actor, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            show_errors(form, _errors(error))
        else:
            messages.success(request, "Merge undone. Both records are as they were before it")
            return redirect("personindex:merge", pk=merge.pk)
    merge.refresh_from_db()
    return _merge_page(request, merge, form, status=400)
