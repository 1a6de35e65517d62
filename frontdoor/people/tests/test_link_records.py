"""`manage.py link_records`: the CSV contract the benchmarks and partner loads rely on."""

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

HEADER = "record_id,given_name,family_name,date_of_birth,sex,postcode,address_line,nhs_number"


def write(path, *rows, header=HEADER):
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def run(*inputs, output, **options):
    err = StringIO()
    args = [arg for path in inputs for arg in ("--input", str(path))]
    call_command(
        "link_records", *args, "--output", str(output), "--no-progress", stderr=err, **options
    )
    with output.open(newline="") as handle:
        rows = list(csv.reader(handle))
    return rows, err.getvalue()


def test_every_record_is_written_and_the_same_person_shares_a_cluster(tmp_path):
    source = write(
        tmp_path / "a.csv",
        "1,William,Smith,2015-03-04,M,ec1a1bb,12 Acacia Rd,943 476 5919",
        "2,Bill,Smith,2015-04-03,M,EC1A 1BB,12 Acacia Road,",
        "3,Priya,Patel,2012-11-30,F,M1 1AE,2 Hope Street,",
    )
    rows, _ = run(source, output=tmp_path / "out.csv")
    assert rows[0] == ["record_id", "cluster_id"]
    clusters = dict(rows[1:])
    assert set(clusters) == {"1", "2", "3"}
    assert clusters["1"] == clusters["2"] != clusters["3"]


def test_twins_in_the_input_are_kept_apart(tmp_path):
    source = write(
        tmp_path / "a.csv",
        "t1,Oliver,Hughes,2016-05-09,M,LS6 2AB,14 Cardigan Road,",
        "t2,Harry,Hughes,2016-05-09,M,LS6 2AB,14 Cardigan Road,",
    )
    rows, err = run(source, output=tmp_path / "out.csv")
    clusters = dict(rows[1:])
    assert clusters["t1"] != clusters["t2"]
    assert "1 could never be the same person" in err


def test_bad_values_are_treated_as_missing_and_counted(tmp_path):
    source = write(
        tmp_path / "a.csv",
        "1,Ann,Lee,not a date,F,2119,1 Main St,1234567890",
        "2,Bob,Lee,2010-02-30,M,,,",
        "3,Cat,Lee,,U,M1 1AE,,9434765919",
    )
    rows, err = run(source, output=tmp_path / "out.csv")
    assert len(rows) == 4
    assert "Read 3 records from a.csv" in err
    assert "2 dates of birth could not be read and were treated as missing" in err
    assert "1 NHS number was not valid" in err
    assert "1 postcode was not a valid UK postcode and was compared as written" in err


def test_missing_optional_columns_are_empty_and_other_columns_ignored(tmp_path):
    source = write(
        tmp_path / "a.csv", "x1,Ann,extra", "x2,Ann,more", header="record_id,given_name,notes"
    )
    rows, _ = run(source, output=tmp_path / "out.csv")
    assert [row[0] for row in rows[1:]] == ["x1", "x2"]


def test_a_file_without_record_id_is_refused_clearly(tmp_path):
    source = write(tmp_path / "a.csv", "Ann,Lee", header="given_name,family_name")
    with pytest.raises(CommandError, match=r"a\.csv has no record_id column"):
        run(source, output=tmp_path / "out.csv")


def test_two_inputs_link_across_and_keep_the_original_ids(tmp_path):
    first = write(tmp_path / "a.csv", "a1,Jessica,Okafor,2014-07-21,F,B15 2TT,7 Elm Grove,")
    second = write(
        tmp_path / "b.csv",
        "b1,Jess,Okafor,2014-07-21,F,B15 2TT,7 Elm Grove,",
        "b2,Marcus,Reid,2011-01-02,M,B15 2TT,9 Elm Grove,",
    )
    rows, err = run(first, second, output=tmp_path / "out.csv")
    clusters = dict(rows[1:])
    assert list(clusters) == ["a1", "b1", "b2"]
    assert clusters["a1"] == clusters["b1"] != clusters["b2"]
    assert "Read 1 record from a.csv" in err
    assert "Read 2 records from b.csv" in err


def test_a_record_id_in_both_inputs_is_refused(tmp_path):
    first = write(tmp_path / "a.csv", "1,Ann,Lee,,,,,")
    second = write(tmp_path / "b.csv", "1,Bob,Lee,,,,,")
    with pytest.raises(CommandError, match="Record id '1' appears more than once"):
        run(first, second, output=tmp_path / "out.csv")
