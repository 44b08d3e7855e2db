"""rik.team.crm: a team's monthly CRM export, read, checked and estimated (issue 11).

A bad file is refused whole with a message naming row and column; 20 kinds of broken
files are tried here (encoding, separators, missing columns, text in numbers, negative
counts, 10 MB, ...).
"""

from __future__ import annotations

import io

import pytest

import rik
from rik import fmt
from rik.charts import team_fit
from rik.share import team_figures
from rik.team import crm as ti

GOOD = ti.template_csv("en").decode("utf-8-sig")
HEADER, *ROWS = GOOD.strip().splitlines()


def csv_bytes(rows: list[str], header: str = HEADER, sep: str = ",") -> bytes:
    text = "\r\n".join([header, *rows]).replace(",", sep)
    return text.encode("utf-8")


def with_cell(row: int, column: str, value: str) -> bytes:
    """The good file with one cell replaced (``row`` as the spreadsheet counts it)."""
    rows = [r.split(",") for r in ROWS]
    rows[row - 2][ti.COLUMNS.index(column)] = value
    return csv_bytes([",".join(r) for r in rows])


def xlsx(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- Good files ---------------------------------------------------------------------------


def test_the_templates_read_the_same_in_every_form() -> None:
    reference = ti.read(ti.template_csv("en")).frame
    assert len(reference) == 12 and list(reference.columns) == list(ti.COLUMNS)
    for data in (ti.template_csv("nb"), ti.template_xlsx(), ti.template_xlsx("nb"),
                 GOOD.replace(",", "\t").encode("utf-16"),  # Excel's «Unicode text»
                 GOOD.replace(",", ";").encode("cp1252")):
        assert ti.read(data).frame.equals(reference)


def test_the_norwegian_template_names_its_columns_in_norwegian() -> None:
    header = ti.template_csv("nb").decode("utf-8-sig").splitlines()[0].split(";")
    assert header == ["måned", "selgere", "møter", "avtaler", "salg", "aktive_kunder",
                      "tapte_kunder"]
    assert not set(header) & set(ti.COLUMNS)
    assert ti.template_csv("en").decode("utf-8-sig").splitlines()[0] == ",".join(ti.COLUMNS)
    # a missing column is named as the user's template names it
    rows = [r.rsplit(",", 1)[0] for r in ROWS]
    data = csv_bytes(rows, header=HEADER.rsplit(",", 1)[0])
    with pytest.raises(ti.ImportProblems) as refused:
        ti.read(data)
    nb, en = (ti.describe_all(refused.value.problems, lang)[0].replace("\\_", "_")
              for lang in ("nb", "en"))  # Markdown-escaped underscores
    assert "«tapte_kunder»" in nb and "customers_lost" not in nb
    assert "«customers_lost»" in en
    # a bad month names the month column as the file has it
    bad = ti.template_csv("nb").decode("utf-8-sig").replace("2025-02", "februar")
    with pytest.raises(ti.ImportProblems) as refused:
        ti.read(bad.encode("utf-8"))
    assert "«måned»" in ti.describe_all(refused.value.problems, "nb")[0]


def test_norwegian_numbers_and_names() -> None:
    data = ("måned;selgere;møter;avtaler;salg;aktive kunder;tapte kunder\r\n"
            "01.2025;6;350;21;\"1 234 567,5\";250;3\r\n"
            "02.2025;6;350;21;1.234.567,5;250;3\r\n"
            "03.2025;6;350;21;1234567,5;250;3\r\n").encode("cp1252")
    frame = ti.read(data).frame
    assert (frame.sales == 1_234_567.5).all()
    assert frame.month.tolist() == ["2025-01", "2025-02", "2025-03"]


@pytest.mark.parametrize(("text", "number"), [
    ("1 234,5", 1234.5), ("1\u00a0234", 1234), ("1.234,5", 1234.5), ("1,234.5", 1234.5),
    ("12,5", 12.5), ("−4", -4), ("0", 0), ("abc", None), ("1,2,3.4.5", None), ("", None),
    ("1e999", None), ("nan", None)])
def test_parse_number(text, number) -> None:
    assert fmt.parse_number(text) == number


def test_the_estimate_states_its_method_and_makes_a_team() -> None:
    history = ti.read(ti.template_csv("nb"))
    estimate = ti.estimate(history)
    last = history.frame.tail(ti.ESTIMATE_MONTHS)
    assert estimate["sales_nok"] == pytest.approx(last.sales.mean(), abs=1)
    assert estimate["customers"] == history.frame.active_customers.iloc[-1]
    assert estimate["deal_value_nok"] == pytest.approx(last.sales.sum() / last.deals.sum(), abs=1)
    assert estimate["sellers"] == 6 and estimate["meetings_per_seller_per_week"] == 14
    team = team_figures.make_team(
        rik.status_quo().to_dict() | {k: estimate[k] for k in ("sellers",
                                                               "meetings_per_seller_per_week")},
        {k: estimate[k] for k in rik.model.calibration.FIELDS if k in estimate}
        | {"csat": 0.8, "burnout": 0.5},
        rik.load_assumptions("article"))
    model = rik.simulate(rik.Scenario("baseline", team.levers), rik.load_assumptions("article"),
                         12, team=team)
    data = team_fit.fit_data(history.frame, model, "sales", "nb")
    assert len(data) == 24
    model_values = data[data.series == "Modellens utgangspunkt"].value
    assert model_values.max() == pytest.approx(model_values.min(), rel=0.01)  # flat
    spec = team_fit.fit_chart(history.frame, model, "active_customers", "en").to_dict()
    assert spec["layer"][1]["mark"]["type"] == "point"


# --- 20 kinds of broken files -------------------------------------------------------------

BROKEN: list[tuple[str, bytes, str, dict]] = [
    ("empty", b"", "empty", {}),
    ("only blanks", b"  \r\n \r\n", "empty", {}),
    ("10 MB", b"a" * 10_000_000, "too_large", {}),
    ("binary", bytes(range(256)) * 10, "encoding", {}),
    ("utf-16 without BOM", GOOD.encode("utf-16-le"), "encoding", {}),
    ("a zip that is no workbook", b"PK\x03\x04" + b"\x00" * 100, "excel", {}),
    ("header only", HEADER.encode(), "no_rows", {}),
    ("two months", csv_bytes(ROWS[:2]), "too_few_rows", {"rows": 2}),
    ("a missing column", csv_bytes([r.rsplit(",", 1)[0] for r in ROWS],
                                   HEADER.rsplit(",", 1)[0]), "missing_column",
     {"column": "customers_lost"}),
    ("a column twice", csv_bytes([r + ",1" for r in ROWS], HEADER + ",deals"),
     "duplicate_column", {"column": "deals"}),
    ("wrong separator (pipes)", GOOD.replace(",", "|").encode(), "missing_column",
     {"column": "month"}),
    ("text in a number", with_cell(5, "sales", "lots"), "not_a_number",
     {"row": 5, "column": "sales", "value": "lots"}),
    ("a negative count", with_cell(7, "customers_lost", "-2"), "negative",
     {"row": 7, "column": "customers_lost"}),
    ("no sellers", with_cell(3, "sellers", "0"), "zero", {"row": 3, "column": "sellers"}),
    ("an empty cell", with_cell(9, "meetings", ""), "empty_cell",
     {"row": 9, "column": "meetings"}),
    ("not a month", with_cell(4, "month", "sometime"), "month", {"row": 4}),
    ("months out of order", with_cell(6, "month", "2025-02"), "order", {"row": 6}),
    ("a gap", csv_bytes(ROWS[:4] + ROWS[6:]), "gap", {"row": 6, "before": "2025-04"}),
    ("too many rows", csv_bytes([f"{2000 + i // 12}-{i % 12 + 1:02d},6,350,21,630000,250,3"
                                 for i in range(300)]), "too_many_rows", {"rows": 300}),
    ("excel with text in a number", xlsx([list(ti.COLUMNS), *[
        ["2025-0" + str(m), 6, 350, "mange" if m == 2 else 21, 630000, 250, 3]
        for m in range(1, 5)]]), "not_a_number", {"row": 3, "column": "deals"}),
]


@pytest.mark.parametrize(("name", "data", "key", "values"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_file_is_refused_with_row_and_column(name, data, key, values) -> None:
    with pytest.raises(ti.ImportProblems) as caught:
        ti.read(data)
    problems = caught.value.problems
    assert problems[0].key == key, (name, problems)
    for field, value in values.items():
        assert problems[0].values.get(field) == value, (name, problems[0])
    for lang in ("nb", "en"):
        lines = ti.describe_all(problems, lang)
        assert lines and not any(line.startswith("[") for line in lines)
    assert len(BROKEN) >= 20


def test_messages_name_row_and_column_in_norwegian() -> None:
    with pytest.raises(ti.ImportProblems) as caught:
        ti.read(with_cell(5, "sales", "lots*"))
    assert ti.describe(caught.value.problems[0], "nb") == (
        "Rad 5, kolonne «sales»: «lots\\*» er ikke et tall.")
    with pytest.raises(ti.ImportProblems) as caught:
        ti.read(b"a" * 10_000_000)
    assert "10,0 MB" in ti.describe(caught.value.problems[0], "nb")


def test_no_deals_cannot_be_valued() -> None:
    rows = [",".join([r.split(",")[0], "6", "350", "0", "0", "250", "3"]) for r in ROWS]
    with pytest.raises(ti.ImportProblems) as caught:
        ti.estimate(ti.read(csv_bytes(rows)))
    assert caught.value.problems[0].key == "no_deals"


def test_a_norwegian_file_groups_thousands_with_a_single_point() -> None:
    """«655.000» in a Norwegian file is 655 000 kr, not 655 kr."""
    data = ("måned;selgere;møter;avtaler;salg;aktive kunder;tapte kunder\r\n"
            "01.2025;6;350;21;655.000;250;3\r\n"
            "02.2025;6;350;21;655.000;250;3\r\n"
            "03.2025;6;350;21;655.000;250;3\r\n").encode()
    assert (ti.read(data).frame.sales == 655_000).all()
    english = (b"month,sellers,meetings,deals,sales,active customers,customers lost\r\n"
               b"2025-01,6,350,21,655.5,250,3\r\n2025-02,6,350,21,655.5,250,3\r\n"
               b"2025-03,6,350,21,655.5,250,3\r\n")
    assert (ti.read(english).frame.sales == 655.5).all()


def test_months_out_of_order_are_named_as_such_without_false_gaps() -> None:
    """Swapped months say «out of order», not «months missing between …»."""
    head = "month,sellers,meetings,deals,sales,active customers,customers lost\r\n"
    rows = ["2026-01", "2026-03", "2026-02", "2026-04"]
    data = (head + "".join(f"{m},6,350,21,650000,250,3\r\n" for m in rows)).encode()
    with pytest.raises(ti.ImportProblems) as refused:
        ti.read(data)
    keys = [problem.key for problem in refused.value.problems]
    assert "order" in keys and "gap" not in keys
