"""Access by role (queries/access.py, csat/viewers.py): the access file, and a regional manager of the northwest
(Urumqi, Lanzhou, Xi'an) who gets no other city's rows, comments or tickets from any question, page, deck or
command line — whatever the parameters ask — while national figures and their cities' ranks stay.

Every named query and every page is enumerated, so a new one cannot skip the check. What counts as another city's
data is worked out from the demo exports themselves (their codes, names, response and ticket ids, comments)."""

import datetime as dt
import json
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

import queries
from csat import identity
from csat.frame import PAGES, parse_filters
from queries import access
from queries.access import AccessDenied, AccessFileError, Viewer, parse_access_file, viewing_as
from queries.catalogue import QueryError, list_queries, query_info
from queries.settings import BUNDLED_DEMO_DATA
from tests.apptest_support import open_every_tab, open_page, rendered

NORTHWEST = frozenset({"WLMQ", "LZ", "XA"})
MANAGER = Viewer(user="li.wei@example.com", role="regional_manager", cities=NORTHWEST, regions=("northwest",))
MONTH = "2025-03"
ACCESS_FILE = """\
contact = "csat-admins@example.com"

[[rule]]
users = ["li.wei@example.com"]
role = "regional_manager"
regions = ["northwest"]

[[rule]]
domains = ["hq.example.com"]
role = "executive"

[[rule]]
groups = ["csat-admins"]
users = ["root@example.com"]
role = "admin"
"""


class OtherCities:
    """What another city's data looks like in an answer: their codes, names, response and ticket ids, and the
    comments only they wrote — read from the demo exports directly, not through the query layer."""

    def __init__(self) -> None:
        cities = pd.read_parquet(BUNDLED_DEMO_DATA / "cities.parquet")
        others = cities[~cities["city_code"].isin(NORTHWEST)]
        self.codes = set(others["city_code"])
        self.names = set(others["name_zh"]) | set(others["name_en"])
        responses = pd.read_parquet(BUNDLED_DEMO_DATA / "survey_responses.parquet",
                                    columns=["response_id", "city_code", "comment"])
        tickets = pd.read_parquet(BUNDLED_DEMO_DATA / "tickets.parquet", columns=["ticket_id", "city_code"])
        theirs = responses["city_code"].isin(self.codes)
        self.ids = set(responses.loc[theirs, "response_id"]) | set(
            tickets.loc[tickets["city_code"].isin(self.codes), "ticket_id"])
        self.comments = set(responses.loc[theirs, "comment"].dropna()) - set(responses.loc[~theirs, "comment"].dropna())

    def found_in(self, frame: pd.DataFrame) -> set[str]:
        """The values of `frame` (list cells included) that are another city's code, id or comment, or name one."""
        found = set()
        for column in frame.columns:
            for cell in frame[column]:
                for value in cell if isinstance(cell, list | tuple | np.ndarray) else (cell,):
                    if not isinstance(value, str):
                        continue
                    if value in self.codes or value in self.ids or value in self.comments:
                        found.add(value)
                    found |= {name for name in self.names if name in value}
        return found

    def named_in(self, text: str) -> set[str]:
        return {name for name in self.names if name in text}


@pytest.fixture(scope="module")
def other_cities() -> OtherCities:
    return OtherCities()


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "access.toml"
    path.write_text(text, encoding="utf-8")
    return path


# The access file

def test_the_access_file_gives_each_person_the_most_specific_rule(tmp_path):
    rules = parse_access_file(_write(tmp_path, ACCESS_FILE))
    directory = queries.run("city_directory")
    manager = rules.viewer_for("LI.Wei@Example.com", "Li.Wei@example.com", (), directory)
    assert (manager.role, manager.cities, manager.regions) == ("regional_manager", NORTHWEST, ("northwest",))
    assert rules.viewer_for("boss", "boss@hq.example.com", (), directory) == Viewer("boss", "executive")
    assert rules.viewer_for("ops", "ops@elsewhere.com", ("CSAT-Admins",), directory).role == "admin"
    # A user rule wins over the domain rule that would also match: the manager stays a manager.
    assert rules.viewer_for("li.wei@hq.example.com", "li.wei@hq.example.com", (), directory).role == "executive"
    assert rules.viewer_for("x", "x@example.com", ("staff",), directory) is None  # deny by default
    assert rules.contact == "csat-admins@example.com"
    assert rules.users == ("li.wei@example.com", "root@example.com")


def test_several_rules_of_one_person_add_up_their_cities_and_keep_the_highest_role(tmp_path):
    rules = parse_access_file(_write(tmp_path, """\
[[rule]]
groups = ["north"]
role = "regional_manager"
cities = ["BJ"]

[[rule]]
groups = ["northwest"]
role = "regional_manager"
regions = ["northwest"]
"""))
    directory = queries.run("city_directory")
    both = rules.viewer_for("a", None, ("north", "northwest"), directory)
    assert both.cities == NORTHWEST | {"BJ"}


@pytest.mark.parametrize(("text", "message"), [
    ("[[rule]]\nusers = ['a']\nrole = 'boss'\n", "rule 1 (line 1): role 'boss' is not one of executive, "
                                                  "regional_manager, admin"),
    ("contact = 'x'\n\n[[rule]]\nusers = ['a']\nrole = 'regional_manager'\n",
     "rule 1 (line 3): a regional_manager needs regions or cities"),
    ("[[rule]]\nusers = ['a']\nrole = 'executive'\n[[rule]]\nusers = ['b']\nrole = 'regional_manager'\n"
     "regions = ['far_west']\n", "rule 2 (line 4): unknown region far_west"),
    ("[[rule]]\nrole = 'executive'\n", "rule 1 (line 1): names nobody: give users, domains or groups"),
    ("[[rule]]\nusers = 'a'\nrole = 'executive'\ncities = ['BJ']\n",
     "rule 1 (line 1): a executive sees every city: regions and cities are for a regional_manager"),
    ("[[rule]]\nusers = ['a']\nrole = 'regional_manager'\ncities = ['XX']\n", "rule 1 (line 1): unknown city code XX"),
    ("[[rule]]\nusers = ['a']\nrole = 'executive'\nmail = 'x'\n", "rule 1 (line 1): unknown key mail"),
    ("[[rule]]\ndomains = ['not a domain']\nrole = 'executive'\n", "domains not a domain are no e-mail domains"),
    ("[[rule]\nusers = ['a']\n", "is not valid TOML: "),
    ("[[rule]]\nusers = [1]\nrole = 'executive'\n", "rule 1 (line 1): users must be a list of non-empty texts"),
    ("owner = 'me'\n", "unknown key owner"),
])
def test_a_broken_access_file_names_the_rule_its_line_and_the_key(tmp_path, text, message):
    with pytest.raises(AccessFileError) as raised:
        parse_access_file(_write(tmp_path, text), known_cities={"BJ", *NORTHWEST})
    assert any(message in problem for problem in raised.value.problems), raised.value.problems
    assert str(raised.value).startswith("access.toml: ")


# The query layer: every named question

def test_every_question_declares_who_may_see_its_answer():
    kinds = {info.name: info.access for info in list_queries()}
    assert set(kinds.values()) <= set(access.ACCESS_KINDS)
    for name, kind in kinds.items():
        if kind == "open":
            assert not query_info(name).city_parameters, f"{name}: an open question takes no city"
    assert kinds["verbatims"] == "own" and kinds["data_quality_examples"] == "executive"


def test_a_question_without_an_access_line_is_refused(tmp_path):
    from queries.catalogue import _parse_query_file

    path = tmp_path / "new_question.sql"
    path.write_text("-- new_question: a question someone forgot to guard\nSELECT 1", encoding="utf-8")
    with pytest.raises(QueryError, match="who may see the answer"):
        _parse_query_file(path)
    path.write_text("-- new_question: x\n-- access: open\n-- param cities: cities — x\nSELECT 1", encoding="utf-8")
    with pytest.raises(QueryError, match="an open question takes no city parameter"):
        _parse_query_file(path)


def _month_and_own_cities(info) -> list[dict]:
    """The calls a page makes of a question, as a manager's page would: the defaults, the month, their cities."""
    names = {parameter.name: parameter.kind for parameter in info.parameters}
    calls = [{}]
    if "month" in names:
        calls.append({"month": MONTH})
    for name, kind in info.city_parameters.items():
        calls += [{**calls[-1], name: "XA" if kind == "city" else sorted(NORTHWEST)}]
    return calls


@pytest.mark.parametrize("info", list_queries(), ids=lambda info: info.name)
def test_no_question_gives_a_manager_another_citys_rows(info, other_cities):
    with viewing_as(MANAGER):
        for call in _month_and_own_cities(info):
            if info.access == "executive":
                with pytest.raises(AccessDenied):
                    queries.run(info.name, **call)
                continue
            answer = queries.run(info.name, **call)
            assert not other_cities.found_in(answer), (call, other_cities.found_in(answer))
            if "city_code" in answer.columns:
                assert set(answer["city_code"].dropna()) <= NORTHWEST


def test_the_same_questions_give_an_executive_every_city(other_cities):
    scores = queries.run("city_scores", month=MONTH)
    assert len(scores) == 32 and other_cities.found_in(scores)  # the check finds what is there
    assert other_cities.found_in(queries.run("verbatims", month=MONTH))


def test_a_manager_keeps_the_national_figures_and_their_cities_ranks_among_all():
    national = queries.run("national_kpis", month=MONTH)
    everyone = queries.run("city_scores", month=MONTH).set_index("city_code")
    with viewing_as(MANAGER):
        assert queries.run("national_kpis", month=MONTH).equals(national)
        theirs = queries.run("city_scores", month=MONTH).set_index("city_code")
        trend = queries.run("kpi_trend_by_city", month=MONTH, cities=["XA"])
    assert set(theirs.index) == NORTHWEST
    # March 2025: Urumqi 30th, Lanzhou 31st of 32 (the review's bottom three), ranked among every city.
    assert theirs.loc[["WLMQ", "LZ"], "rank"].tolist() == [30, 31]
    assert theirs["rank"].equals(everyone.loc[theirs.index, "rank"])
    assert (theirs["ranked_cities"] == 32).all()
    assert national.iloc[0]["responses"] == 5842
    assert set(trend["city_code"].dropna()) == {"XA"} and trend["city_code"].isna().any()  # the nation's line


def test_a_managers_comments_default_to_their_own_cities():
    with viewing_as(MANAGER):
        comments = queries.run("verbatims", month=MONTH)
        themes = queries.run("comment_themes", month=MONTH)
    assert set(comments["city_code"]) == NORTHWEST
    everyone = queries.run("comment_themes", month=MONTH, cities=sorted(NORTHWEST)).set_index("theme")
    assert themes.set_index("theme")[["selected_count", "national_count"]].equals(
        everyone[["selected_count", "national_count"]])


# Tampered and hostile parameters
HOSTILE = {
    "month": ["2025-03'; DROP TABLE cities; --", "9999-99", "", "2025-03-01 OR 1=1"],
    "cities": [["XA", "BJ"], "XA,BJ", ["BJ"], ["XA') OR 1=1 --"], ["' OR ''='"], ["xa"], ["*"], ["%"], ["X" * 5000]],
    "city": ["BJ", "XA,BJ", "XA' OR '1'='1", "%", "*", "", "西安"],
    "int": ["-1", "0", "1; DROP TABLE cities", str(10**12), "NaN"],
    "text": ["'; DROP TABLE survey_responses; --", "%", "\x00", "a" * 10000, "index' OR '1'='1"],
    "names": [["index'--"], "index,nps;DROP", ["%"]],
}


@pytest.mark.parametrize("info", [info for info in list_queries() if info.parameters], ids=lambda info: info.name)
def test_hostile_values_in_every_parameter_get_an_error_or_nothing_of_another_city(info, other_cities):
    with viewing_as(MANAGER):
        for parameter in info.parameters:
            for value in HOSTILE[parameter.kind]:
                try:
                    answer = queries.run(info.name, **{parameter.name: value})
                except (AccessDenied, QueryError, duckdb.Error):
                    continue
                assert not other_cities.found_in(answer), (parameter.name, value)
    assert len(queries.run("city_directory")) == 32, "no hostile value changed the store"


@pytest.mark.parametrize("info", [info for info in list_queries() if info.city_parameters], ids=lambda i: i.name)
def test_asking_for_another_city_is_refused_by_name(info):
    with viewing_as(MANAGER):
        for name, kind in info.city_parameters.items():
            with pytest.raises(AccessDenied, match="may not see BJ"):
                queries.run(info.name, **{name: "BJ" if kind == "city" else ["XA", "BJ"]})


def test_a_link_asking_for_other_cities_opens_on_the_managers_own():
    months = [dt.date(2025, 3, 1)]
    codes = ["BJ", "XA", "LZ", "WLMQ", "SH"]
    filters, problems = parse_filters({"city": ["BJ", "XA", "QQ"]}, months, codes, viewer=MANAGER)
    assert filters.cities == ("XA",)
    assert problems == [("frame.unknown_city", ("QQ",)), ("access.forbidden_city", ("BJ",))]
    assert parse_filters({}, months, codes, viewer=MANAGER)[0].cities == ("XA", "LZ", "WLMQ")
    assert parse_filters({"city": ["BJ"]}, months, codes)[0].cities == ("BJ",)  # an executive's


# Pages, the deck and the command line

@pytest.fixture
def signed_in(monkeypatch, tmp_path):
    """Sign-in as a trusted proxy header would give it, with the access file above; call with who is signed in."""
    monkeypatch.setenv(access.ACCESS_FILE_VARIABLE, str(_write(tmp_path, ACCESS_FILE)))
    monkeypatch.setattr(identity, "sign_in_mode", lambda: "header")

    def sign_in(user: str | None, groups: tuple[str, ...] = ()) -> None:
        person = None if user is None else identity.Identity(user, user.split("@")[0].title(), user, groups, "header")
        monkeypatch.setattr(identity, "current_identity", lambda: person)

    return sign_in


def _page_text(app) -> str:
    """Everything the page sent to the browser (texts, tables' cells, chart and map data) as text."""
    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None:
            yield proto.SerializeToString().decode("utf-8", errors="ignore")
        for child in getattr(node, "children", {}).values():
            yield from walk(child)
    return "\n".join(walk(app._tree))


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.key)
def test_no_page_shows_a_manager_another_city_even_when_the_link_asks(page, lang, signed_in, other_cities):
    signed_in("li.wei@example.com")
    for app in open_every_tab(page.path, lang=lang, month=MONTH, city=["BJ", "XA"]):
        assert not app.error, [e.value for e in app.error]
        assert not other_cities.named_in(_page_text(app))
        warnings = [w.value for w in app.warning]
        assert any("`BJ`" in warning for warning in warnings), warnings


def test_an_executive_page_names_other_cities(signed_in, other_cities):
    signed_in("boss@hq.example.com")
    assert other_cities.named_in(_page_text(open_page("app.py", lang="en", month=MONTH)))  # the check finds them


def test_presentation_mode_shows_a_manager_no_other_city(signed_in, other_cities):
    signed_in("li.wei@example.com")
    for slide in range(1, 12):
        app = open_page("app.py", lang="en", month=MONTH, present="1", slide=str(slide))
        assert not other_cities.named_in(_page_text(app)), slide


def test_the_managers_overview_keeps_the_national_index_and_shows_their_ranks(signed_in):
    signed_in("li.wei@example.com")
    app = open_page("app.py", lang="en", month=MONTH)
    ranking = app.dataframe[0].value
    assert list(zip(ranking["Rank"], ranking["City"], strict=True)) == [("19", "Xi'an"), ("30", "Urumqi"),
                                                                        ("31", "Lanzhou")]
    sidebar = rendered(" ".join(c.value for c in app.sidebar.caption))
    assert "Signed in as Li.Wei (regional manager)" in sidebar and "Your cities: Lanzhou, Urumqi" in sidebar
    deck = json.loads(app.get("deck_gl_json_chart")[0].proto.json)
    shown = {row.get("city_code") for layer in deck["layers"] for row in layer.get("data", [])
             if isinstance(row, dict) and row.get("city_code")}
    assert shown <= NORTHWEST


def test_an_unknown_person_gets_no_access_and_no_data(signed_in):
    signed_in("stranger@example.org")
    app = open_page("app.py", lang="en", month=MONTH)
    assert app.title[0].value == "No access"
    assert [rendered(e.value) for e in app.error] == ["stranger@example.org has no access to this dashboard.",
                                           "To get access, ask csat-admins@example.com."]
    assert not app.dataframe and not app.metric and not app.get("deck_gl_json_chart") and not app.sidebar.caption


def test_nobody_has_access_when_sign_in_is_configured_without_an_access_file(monkeypatch, tmp_path):
    monkeypatch.setenv(access.ACCESS_FILE_VARIABLE, str(tmp_path / "missing.toml"))
    monkeypatch.setattr(identity, "sign_in_mode", lambda: "oidc")
    monkeypatch.setattr(identity, "current_identity",
                        lambda: identity.Identity("boss@hq.example.com", "Boss", "boss@hq.example.com", (), "oidc"))
    app = open_page("app.py", lang="en", month=MONTH)
    assert app.title[0].value == "No access" and not app.metric
    assert "there is no access file (missing.toml)" in rendered(app.error[0].value)


def test_an_access_file_without_sign_in_shows_no_data(monkeypatch, tmp_path):
    monkeypatch.setenv(access.ACCESS_FILE_VARIABLE, str(_write(tmp_path, ACCESS_FILE)))
    app = open_page("app.py", lang="en", month=MONTH)
    assert app.title[0].value == "No access" and not app.metric
    assert "no sign-in is configured" in rendered(app.error[0].value)


def test_a_broken_access_file_stops_every_page_with_its_problems(signed_in, monkeypatch, tmp_path):
    signed_in("boss@hq.example.com")
    broken = tmp_path / "broken" / "access.toml"
    broken.parent.mkdir()
    broken.write_text("[[rule]]\nusers = ['a']\nrole = 'boss'\n", encoding="utf-8")
    monkeypatch.setenv(access.ACCESS_FILE_VARIABLE, str(broken))
    app = open_page("pages/trends.py", lang="en", month=MONTH)
    assert app.title[0].value == "The access file cannot be used" and not app.metric
    assert "role 'boss' is not one of" in rendered(app.markdown[-1].value)


def test_the_local_demo_says_everyone_is_an_executive():
    app = open_page("app.py", lang="en", month=MONTH)
    assert "Local demo: no sign-in is configured" in " ".join(c.value for c in app.sidebar.caption)
    assert len(app.dataframe[0].value) == 32


def test_an_admin_can_view_as_a_manager(signed_in, other_cities):
    signed_in("root@example.com")
    app = open_page("app.py", lang="en", month=MONTH)
    assert len(app.dataframe[0].value) == 32
    app.sidebar.selectbox(key="frame_view_as").select("li.wei@example.com").run()
    assert not app.exception
    assert sorted(app.dataframe[0].value["City"]) == ["Lanzhou", "Urumqi", "Xi'an"]
    assert not other_cities.named_in(_page_text(app))
    assert "Viewing as li.wei@example.com (regional manager)." in [rendered(i.value) for i in app.sidebar.info]


def test_a_managers_review_for_the_deck_holds_no_other_city(other_cities):
    from review.slides import build_review

    with viewing_as(MANAGER):
        review = build_review(dt.date(2025, 3, 1), tuple(sorted(NORTHWEST)), "en")
    text = repr(review)
    for slide in review.slides:
        for chart in getattr(slide, "charts", ()) or ():
            text += json.dumps(chart.to_dict(validate=False), default=str)
        table = getattr(slide, "table", None)
        if table is not None:
            text += table.to_csv()
    assert not other_cities.named_in(text)
    assert "Lanzhou" in text


def test_the_command_line_answers_as_the_user_named(monkeypatch, tmp_path, capsys):
    from queries.__main__ import main

    monkeypatch.setenv(access.ACCESS_FILE_VARIABLE, str(_write(tmp_path, ACCESS_FILE)))
    assert main(["city_scores", "--month", MONTH, "--format", "csv", "--as", "li.wei@example.com"]) == 0
    answer = capsys.readouterr().out
    assert sorted(line.split(",")[0] for line in answer.strip().splitlines()[1:]) == ["LZ", "WLMQ", "XA"]
    assert main(["verbatims", "--cities", "BJ", "--as", "li.wei@example.com"]) == 2
    assert "verbatims: li.wei@example.com may not see BJ" in capsys.readouterr().err
    assert main(["city_scores"]) == 2
    assert "say whom to answer for with --as USER" in capsys.readouterr().err
    assert main(["city_scores", "--as", "stranger@example.org"]) == 2
    assert "stranger@example.org has no access" in capsys.readouterr().err
    assert main(["data_quality_examples", "--as", "li.wei@example.com"]) == 2
    assert main(["city_scores", "--month", MONTH, "--format", "csv", "--as", "boss@hq.example.com"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 33


def test_the_command_line_without_an_access_file_refuses_as(monkeypatch, tmp_path, capsys):
    from queries.__main__ import main

    monkeypatch.setenv(access.ACCESS_FILE_VARIABLE, str(tmp_path / "none.toml"))
    assert main(["months", "--as", "li.wei@example.com"]) == 2
    assert "there is no access file" in capsys.readouterr().err


def test_the_review_command_writes_a_managers_deck_about_their_cities(monkeypatch, tmp_path, capsys):
    from review.__main__ import main

    monkeypatch.setenv(access.ACCESS_FILE_VARIABLE, str(_write(tmp_path, ACCESS_FILE)))
    built = {}
    monkeypatch.setattr("review.slides.build_review", lambda month, cities, lang, data_dir=None: built.update(
        cities=cities, viewer=access.current_viewer()) or "review")
    monkeypatch.setattr("review.deck.write_deck", lambda review, out: out)
    assert main(["--out", str(tmp_path / "deck.pptx"), "--month", MONTH, "--as", "li.wei@example.com"]) == 0
    assert built == {"cities": ("LZ", "WLMQ", "XA"), "viewer": MANAGER}  # the directory's order
    assert main(["--out", str(tmp_path / "deck.pptx"), "--cities", "BJ", "--as", "li.wei@example.com"]) == 2
    assert "may not see BJ" in capsys.readouterr().err
