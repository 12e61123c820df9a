"""`hiker tournament`: every optimizer on every chosen level from K seeded random starts; ranks per level and
overall, as a table, JSON, a Markdown file or a self-contained HTML report with a heat map."""

from __future__ import annotations

import html

from ..args import CliError, emit_json, lineup_from_specs, seed_arg, writing

DEFAULT_STARTS = 100
MAX_WORK = 10**10  # hiker-steps


def add_parser(sub) -> None:
    from ..plugin_args import add_plugin_argument

    s = sub.add_parser("tournament", help="every optimizer on many levels from many starts: who finds the minimum")
    s.add_argument("--level", action="append", metavar="ID", help="a level id or .toml path (repeatable; default: "
                                                                  "every built-in level)")
    s.add_argument("--all", action="store_true", help="every level: the built-in pack and yours")
    s.add_argument("--opt", action="append", metavar="SPEC", help="a racer, e.g. adam:lr=0.05 (repeatable; "
                                                                  "default: every optimizer at its defaults)")
    s.add_argument("--starts", type=int, default=DEFAULT_STARTS, metavar="K",
                   help=f"random starts per level (default {DEFAULT_STARTS})")
    s.add_argument("--steps", type=int, help="steps per run (default: each level's race steps)")
    s.add_argument("--tuned", action="store_true", help="tune each racer's learning rate on each level first")
    s.add_argument("--tune-lr", metavar="LO:HI:N", help="with --tuned: the learning rates tried (default "
                                                        "1e-05:10:19)")
    s.add_argument("--tune-starts", type=int, metavar="K", help="with --tuned: tuning starts (default 8)")
    s.add_argument("--seed", type=int, default=0, help="random seed (default 0); same seed, same output")
    s.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    s.add_argument("--markdown", metavar="FILE", help="save the tables as Markdown")
    s.add_argument("--html", metavar="FILE", help="save a self-contained HTML report with a heat map")
    add_plugin_argument(s)


def _levels(args) -> list:
    """The chosen levels, prepared (a bar on a terminal: finding every level's global minimum takes seconds)."""
    from engine.level import LevelError, all_levels

    from ..args import level_arg
    from ..progress import progress

    if args.level and args.all:
        raise CliError("give --level ID (repeatable) or --all, not both")
    if args.level:
        seen, out = set(), []
        for name in args.level:
            level = level_arg(name)
            if level.id not in seen:
                seen.add(level.id)
                out.append(level)
        return out
    out = []
    entries = [e for e in all_levels() if (e.builtin or args.all) and e.error is None]
    with progress(len(entries), "preparing levels", quiet=args.json, unit="level") as bar:
        for entry in entries:
            try:
                out.append(entry.prepare())
            except (LevelError, KeyError):
                pass
            bar.update(1)
    if not out:
        raise CliError("no levels to play")
    return out


def cmd_tournament(args) -> int:
    from engine.optim import NAMES, SpecError
    from engine.tournament import Tournament

    from ..plugin_args import load_plugins, plugin_errors
    from ..progress import progress
    from .sweep import tuning_args

    plugins = load_plugins(args.plugin)
    seed = seed_arg(args.seed, 0)
    if not 1 <= args.starts <= 100_000:
        raise CliError(f"--starts must be between 1 and 100000, got {args.starts}")
    if args.steps is not None and not 1 <= args.steps <= 1_000_000:
        raise CliError(f"--steps must be between 1 and 1000000, got {args.steps}")
    if not args.tuned and (args.tune_lr is not None or args.tune_starts is not None):
        raise CliError("--tune-lr and --tune-starts need --tuned")
    grid, tune_k = tuning_args(args)
    for flag in ("markdown", "html"):
        if getattr(args, flag) is not None and not getattr(args, flag).strip():
            raise CliError(f"--{flag} needs a file name")
    levels = _levels(args)
    if args.opt:
        lineup = lineup_from_specs(args.opt, levels[0], args.steps or 100)
    else:
        lineup = [(n, {}) for n in NAMES] + [(n, {}) for n in plugins]
    try:
        t = Tournament(levels, lineup, args.starts, args.steps, seed, args.tuned, tune_k, grid)
    except SpecError as err:
        raise CliError(f"bad --opt: {err}") from None
    if t.work * args.starts > MAX_WORK:
        raise CliError(f"{t.work * args.starts:.3g} hiker-steps is too much for one tournament; at most {MAX_WORK:g}")
    with progress(t.work, "tournament", quiet=args.json) as bar:
        t.run(bar.update, bar.describe)
    plugin_errors([c.error for r in t.results for c in r.cells if c.error])
    result = t.result()
    if args.markdown:
        with writing("--markdown", args.markdown) as path:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(markdown(result), encoding="utf-8")
    if args.html:
        with writing("--html", args.html) as path:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(html_report(result), encoding="utf-8")
    if args.json:
        emit_json(result)
    else:
        print_tournament(result)
    return 0


# --------------------------------------------------------------------------- text


def _pct(v: float) -> str:
    return f"{100 * v:.0f}%"


def _gap(v: float | None) -> str:
    return "fell" if v is None else f"{v:.3g}"


def _steps(v: float | None) -> str:
    return "-" if v is None else f"{v:g}"


def _subtitle(result: dict) -> str:
    steps = "each level's race steps" if result["steps"] is None else f"{result['steps']} steps"
    tuned = ", learning rates tuned per level" if result["tuned"] else ", every racer at its given parameters"
    n, m = len(result["levels"]), len(result["racers"])
    return (f"{n} level{'s' * (n != 1)} × {m} optimizer{'s' * (m != 1)} × {result['starts']} starts, "
            f"{steps}, seed {result['seed']}{tuned}")


GLOSSARY = (
    ("found", "the share of the starts whose final point lay within the level's tolerance of the global minimum"),
    ("median gap", "the final altitude above the global minimum, the median over the starts (0 is the bottom)"),
    ("median steps", "among the starts that reached the minimum, the median step at which they first did"),
    ("fell", "the share of the starts that blew up (their altitude stopped being a number)"),
    ("mean rank", "the rank on each level (1 is best), averaged over the levels; levels won: how many it ranked 1 on"),
)


def _step_size(params: dict) -> str:
    """The learning rate a racer ran at ("lr 0.001"), or annealing's leap ("step 5% of the map")."""
    if "lr" in params:
        return f"lr {params['lr']:.3g}"
    if "step" in params:
        return "step 5% of the map" if not params["step"] else f"step {params['step']:.3g}"
    return "-"


def step_sizes(result: dict) -> list[str]:
    """Per racer, the learning rate it ran at on every level (untuned), or "tuned per level"."""
    if result["tuned"] or not result["levels"]:
        return ["tuned per level"] * len(result["racers"])
    return [_step_size(c.get("params") or {}) for c in result["levels"][0]["cells"]]


def fairness_note(result: dict) -> str:
    """What a reader must know before comparing the optimizers: were their learning rates tuned?"""
    if result["tuned"]:
        return ("Fair race: before each level, every optimizer's learning rate was chosen by a sweep from starts of "
                "its own (not these); the chosen value is in each level's table.")
    return ("Not tuned: every optimizer ran at the learning rate shown (its default unless you gave one), the same "
            "on every level. A rate that suits one optimizer can be far too small or too large for another (Adam's "
            "default 0.001 barely moves in a few hundred steps), so this ranks the settings as much as the methods. "
            "For a fair comparison add --tuned.")


def print_tournament(result: dict) -> None:
    labels = [r["label"] for r in result["racers"]]
    width = max(12, *(len(s) + 2 for s in labels))
    print(f"Tournament — {_subtitle(result)}")
    print(f"ranked by {result['ranking']}\n")
    sizes = step_sizes(result)
    print(f"{'#':<4}{'optimizer':<{width}}{'mean rank':>10}{'wins':>6}{'found':>8}{'fell':>7}   ran at")
    for row in sorted(result["overall"], key=lambda r: (r["rank"], r["racer"])):
        print(f"{row['rank']:<4}{row['label']:<{width}}{row['mean_rank']:>10.2f}{row['wins']:>6}"
              f"{_pct(row['found_share']):>8}{_pct(row['fell_share']):>7}   {sizes[row['racer']]}")
    print("\nper level: the winner (share of starts that found the global minimum)")
    for lv in result["levels"]:
        best = [c for c in lv["cells"] if c["rank"] == 1]
        names = ", ".join(labels[c["racer"]] for c in best)
        print(f"  {lv['id']:<28} {names} ({_pct(best[0]['found_share'])}, median gap {_gap(best[0]['median_gap'])})")
    print("\n" + fairness_note(result))


def markdown(result: dict) -> str:
    labels = [r["label"] for r in result["racers"]]
    out = ["# Gradient Hiker tournament", "", _subtitle(result) + ".", "", f"Ranked by {result['ranking']}.", "",
           f"**{fairness_note(result)}**", "", "How to read it:", "",
           *(f"- **{term}**: {meaning}" for term, meaning in GLOSSARY), "",
           "## Overall", "", "| rank | optimizer | ran at | mean rank | levels won | found | fell |",
           "|---:|---|---|---:|---:|---:|---:|"]
    sizes = step_sizes(result)
    for row in sorted(result["overall"], key=lambda r: (r["rank"], r["racer"])):
        out.append(f"| {row['rank']} | `{row['label']}` | {sizes[row['racer']]} | {row['mean_rank']:.2f} | "
                   f"{row['wins']} | {_pct(row['found_share'])} | {_pct(row['fell_share'])} |")
    out += ["", "## Found the global minimum (share of starts)", "",
            "| level | " + " | ".join(f"`{s}`" for s in labels) + " |", "|---|" + "---:|" * len(labels)]
    for lv in result["levels"]:
        cells = " | ".join(f"{_pct(c['found_share'])}{' **1**' if c['rank'] == 1 else ''}" for c in lv["cells"])
        out.append(f"| {_md(lv['title'])} | {cells} |")
    for lv in result["levels"]:
        tuned_head = (" tuned |", "---|") if result["tuned"] else ("", "")
        out += ["", f"### {_md(lv['title'])} (`{lv['id']}`, {lv['steps']} steps, minimum {lv['minimum']:.6g})", "",
                "| rank | optimizer | found | median gap | median steps | fell |" + tuned_head[0],
                "|---:|---|---:|---:|---:|---:|" + tuned_head[1]]
        for c in sorted(lv["cells"], key=lambda c: (c["rank"], c["racer"])):
            tuned = f" {c['tuned']['param']}={c['tuned']['value']:.3g} |" if c["tuned"] else ""
            out.append(f"| {c['rank']} | `{labels[c['racer']]}` | {_pct(c['found_share'])} | {_gap(c['median_gap'])} |"
                       f" {_steps(c['median_steps'])} | {_pct(c['fell_share'])} |{tuned}")
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|").replace("`", "'")


# --------------------------------------------------------------------------- HTML


def _color(share: float) -> str:
    """A light-to-dark green for the share of starts that found the minimum (readable text on it)."""
    stops = [(0.0, (247, 247, 247)), (0.25, (199, 233, 192)), (0.5, (116, 196, 118)), (0.75, (49, 163, 84)),
             (1.0, (0, 90, 50))]
    for (a, ca), (b, cb) in zip(stops, stops[1:], strict=False):
        if share <= b:
            f = 0 if b == a else (share - a) / (b - a)
            rgb = tuple(round(x + (y - x) * f) for x, y in zip(ca, cb, strict=True))
            return "#" + "".join(f"{c:02x}" for c in rgb)
    return "#005a32"


def html_report(result: dict) -> str:
    """One self-contained page (inline CSS, no scripts, nothing fetched): the overall ranking and a heat map of the
    share of starts that found the global minimum, optimizer by level, with the details in each cell's tooltip."""
    e = html.escape
    labels = [r["label"] for r in result["racers"]]
    sizes = step_sizes(result)
    glossary = "".join(f"<li><b>{e(term)}</b>: {e(meaning)}</li>" for term, meaning in GLOSSARY)
    rows = []
    for row in sorted(result["overall"], key=lambda r: (r["rank"], r["racer"])):
        rows.append(f"<tr><td class=num>{row['rank']}</td><td><code>{e(row['label'])}</code></td>"
                    f"<td>{e(sizes[row['racer']])}</td>"
                    f"<td class=num>{row['mean_rank']:.2f}</td><td class=num>{row['wins']}</td>"
                    f"<td class=num>{_pct(row['found_share'])}</td><td class=num>{_pct(row['fell_share'])}</td></tr>")
    head = "".join(f"<th class=lv title='{e(lv['title'])}'><span>{e(lv['id'])}</span></th>" for lv in result["levels"])
    order = [r["racer"] for r in sorted(result["overall"], key=lambda r: (r["rank"], r["racer"]))]
    heat = []
    for i in order:
        cells = []
        for lv in result["levels"]:
            c = lv["cells"][i]
            tip = (f"{labels[i]} on {lv['title']}: found {_pct(c['found_share'])} of starts; median gap "
                   f"{_gap(c['median_gap'])}; median steps {_steps(c['median_steps'])}; fell {_pct(c['fell_share'])}"
                   f"; rank {c['rank']}")
            if c["tuned"]:
                tip += f"; tuned {c['tuned']['param']}={c['tuned']['value']:.3g}"
            ink = "#fff" if c["found_share"] > 0.6 else "#111"
            mark = "★" if c["rank"] == 1 else ""
            cells.append(f"<td class=cell style='background:{_color(c['found_share'])};color:{ink}' "
                         f"title='{e(tip)}'>{mark}{100 * c['found_share']:.0f}</td>")
        heat.append(f"<tr><th class=opt><code>{e(labels[i])}</code></th>{''.join(cells)}</tr>")
    legend = "".join(f"<span class=key style='background:{_color(v)};color:{'#fff' if v > 0.6 else '#111'}'>"
                     f"{100 * v:.0f}%</span>" for v in (0, 0.25, 0.5, 0.75, 1))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Gradient Hiker tournament</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; color: #111; background: #fff; max-width: 100rem; }}
h1 {{ margin-bottom: .2rem; }} p.sub {{ color: #555; margin-top: 0; }}
table {{ border-collapse: collapse; margin: 1rem 0 2rem; }}
td, th {{ padding: .3rem .6rem; border: 1px solid #ddd; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
table.heat td.cell {{ text-align: center; min-width: 2.2rem; font-variant-numeric: tabular-nums;
  border: 1px solid #fff; }}
table.heat th.lv {{ height: 9rem; vertical-align: bottom; padding: 0 .2rem; }}
table.heat th.lv span {{ writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap;
  font-weight: normal; }}
table.heat th.opt {{ text-align: left; white-space: nowrap; }}
p.note {{ background: #fff8e1; border-left: 4px solid #e0a800; padding: .5rem .8rem; }}
.key {{ display: inline-block; padding: .2rem .6rem; margin-right: .2rem; border: 1px solid #ccc; }}
</style></head><body>
<h1>Gradient Hiker tournament</h1>
<p class=sub>{e(_subtitle(result))}</p>
<p>Ranked by {e(result['ranking'])}. Every optimizer starts from the same {result['starts']} random points on each
level; a cell's number is the share of those starts that ended within the level's tolerance of the global
minimum (★: best on that level). Hover a cell for its median gap, steps and falls.</p>
<p class=note>{e(fairness_note(result))}</p>
<details open><summary>How to read it</summary><ul>{glossary}</ul></details>
<h2>Overall</h2>
<table><tr><th>rank</th><th>optimizer</th><th>ran at</th><th>mean rank</th><th>levels won</th><th>found</th>
<th>fell</th></tr>
{''.join(rows)}
</table>
<h2>Found the global minimum (% of starts)</h2>
<p>{legend}</p>
<table class=heat><tr><th></th>{head}</tr>
{''.join(heat)}
</table>
</body></html>
"""
