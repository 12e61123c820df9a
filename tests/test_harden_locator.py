"""Error positions (issue 7 listed them as untested; issue 8 rewrote the locator as a linear scanner): dotted
keys, quoted keys, sub-tables, inline tables, arrays of tables, array elements and columns inside formula
strings, each at its exact line:col."""

from __future__ import annotations

import pytest

from engine.level import LevelError, parse_level
from engine.level.problems import KeyLocator, key_path
from engine.level.scan import scan

FORMULA = '[landscape]\nkind = "formula"\nformula = "x**2 + y**2"\ndomain = { x = [-2, 2], y = [-2, 2] }\n'
HEAD = '[level]\nid = "a"\ntitle = "A"\n'


def first_problem(text: str) -> tuple[str, int | None, int | None]:
    with pytest.raises(LevelError) as err:
        parse_level(text, "t.toml")
    p = err.value.first
    return p.key, p.line, p.col


@pytest.mark.parametrize("text, key, line, col", [
    # a dotted key at the top level names [rules].steps; the position is the part "steps"
    ("rules.steps = 0\n" + HEAD + FORMULA, "[rules].steps", 1, 7),
    # blanks around the dots, and quoted parts
    ("rules . 'steps' = 0\n" + HEAD + FORMULA, "[rules].steps", 1, 9),
    ('"rules"."steps" = 0\n' + HEAD + FORMULA, "[rules].steps", 1, 9),
    # a quoted key inside a section
    (HEAD + '"difficulty" = 9\n' + FORMULA, "[level].difficulty", 4, 1),
    ("[level]\nid = \"a\"\ntitle = \"A\"\n  'difficulty'   = 9\n" + FORMULA, "[level].difficulty", 4, 3),
    # a quoted header
    ('[ "level" ]\nid = "a"\ntitle = "A"\ndifficulty = 0\n' + FORMULA, "[level].difficulty", 4, 1),
    # a sub-table header, and the same key written inline
    (HEAD + '[landscape]\nkind = "formula"\nformula = "x"\n[landscape.domain]\nx = [1, 1]\ny = [0, 1]\n',
     "[landscape.domain].x", 8, 1),
    (HEAD + '[landscape]\nkind = "formula"\nformula = "x"\ndomain = { x = [0, 1], y = [3, 3] }\n',
     "[landscape.domain].y", 7, 24),
    # a dotted key inside a section
    (HEAD + FORMULA + "[rules]\nabilities.leap = 100\n", "[rules.abilities].leap", 9, 11),
    # array elements: the second well of an inline array, the second of an array of tables
    (HEAD + '[landscape]\nkind = "wells"\nwells = [{ at = [0, 0], depth = 1, width = 1 },\n'
     '  { at = [0, 0], depth = 1, width = 0 }]\ndomain = { x = [-1, 1], y = [-1, 1] }\n',
     "[landscape.wells[1]].width", 7, 29),
    (HEAD + '[landscape]\nkind = "wells"\ndomain = { x = [-1, 1], y = [-1, 1] }\n[[landscape.wells]]\n'
     'at = [0, 0]\ndepth = 1\nwidth = 1\n[[landscape.wells]]\nat = [0, 0]\ndepth = "x"\nwidth = 1\n',
     "[landscape.wells[1]].depth", 13, 1),
])
def test_positions_of_dotted_quoted_and_nested_keys(text, key, line, col):
    assert first_problem(text) == (key, line, col)


@pytest.mark.parametrize("formula_line, line, col", [
    ('formula = "x + zz"', 6, 16),
    ("formula = 'x + zz'", 6, 16),
    ('formula = "\\u0078 + zz"', 6, 21),  # an escape is six characters in the file, one in the formula
    ('formula = """\nx +\n   zz"""', 8, 4),  # the newline after the opening quotes is not part of it
    ('formula = """x + \\\n      zz"""', 7, 7),  # a line-ending backslash swallows the blanks after it
    ('formula = "x + y²"', 6, 17),  # the first character that is not ASCII
])
def test_columns_inside_formula_strings(formula_line, line, col):
    text = HEAD + f'[landscape]\nkind = "formula"\n{formula_line}\ndomain = {{ x = [-2, 2], y = [-2, 2] }}\n'
    key, got_line, got_col = first_problem(text)
    assert (key, got_line, got_col) == ("[landscape].formula", line, col)


def test_key_paths_of_problem_keys():
    assert key_path("[landscape.wells[0]].at") == ("landscape", "wells", 0, "at")
    assert key_path("[rules.abilities].jump") == key_path("[rules].abilities.jump") == ("rules", "abilities", "jump")
    assert key_path("[level]") == ("level",) and key_path("") == ()


def test_nearest_enclosing_key_when_the_key_is_not_written():
    loc = KeyLocator(HEAD + FORMULA)
    assert loc.find("[level].difficulty") == (1, 1)  # not written: the [level] header
    assert loc.find("[landscape.domain].x") == (7, 12)
    assert loc.find("[nowhere].x") is None


def test_nesting_is_measured_without_recursion():
    deep = "a = " + "[" * 100_000 + "]" * 100_000
    found = scan(deep, max_depth=16)
    assert found.too_deep is not None and found.position(found.too_deep) == (1, 21)
    with pytest.raises(LevelError) as err:
        parse_level(deep, "deep.toml")
    assert "nests tables and arrays more than 16 deep" in str(err.value) and err.value.first.line == 1


def test_columns_count_characters_not_bytes():
    text = (HEAD + '[landscape]\nkind = "formula"\nformula = "x"\n'
            'domain = { "\u00e9\u00e9" = [0, 1], x = [2, 2], y = [0, 1] }\n')
    with pytest.raises(LevelError) as err:
        parse_level(text, "t.toml")
    where = {p.key: (p.line, p.col) for p in err.value.problems}
    assert where["[landscape.domain].\u00e9\u00e9"] == (7, 12) and where["[landscape.domain].x"] == (7, 27)
