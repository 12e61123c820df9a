"""Drawing the level editor: the map with its wells, start, minimum and cursor; the tool bar; the side panel
(the tool, the checks, the settings, the buttons, a data set's scatter plot); the formula bar; the status line
and the prompts. A mixin of EditorScene (game/scenes/editor.py), which owns the state it draws."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pygame

from engine.functions import CLASSIC
from engine.level.design import as_wells, domain_of, nice
from engine.level.spec import DataSpec, HeightmapSpec, LevelSpec, NetworkSpec, WellsSpec

from ..gfx import axes, axis_names, fmt, marker_global, panel
from ..render.terrain import terrain_rgb
from ..render.text import ACCENT, BAD, DIM, FOG, GOOD, INK, font, text, wrap
from ..render.view import View
from .editor_fields import TextLine, constants_of, formula_of

COARSE_PIXELS = 16_000  # the instant preview map: about 130x130 pixels, scaled up
WELL_COLOR = (235, 240, 250)
HILL_COLOR = (255, 150, 90)
START_COLOR = (255, 122, 69)


def default_well_width(spec: LevelSpec) -> float:
    return nice(float(min(domain_of(spec.landscape).span)) / 12)


TOOLS = {
    "dig": ("Dig", "Dig a well", "Space or click digs a well at the cursor. [ ] make the well under the cursor "
            "narrower or wider, - and = shallower or deeper."),
    "hill": ("Hill", "Raise a hill", "Space or click raises a hill at the cursor. [ ] width, - = height of the "
             "hill under the cursor."),
    "select": ("Select", "Select and move", "Space or click picks up the nearest well; arrows or dragging move "
               "it; Space drops it. [ ] - = resize it, Delete removes it."),
    "raise": ("Raise", "Paint: raise", "Space or drag raises the ground under the brush. [ ] brush size, - = "
              "strength."),
    "lower": ("Lower", "Paint: lower", "Space or drag lowers the ground under the brush. [ ] brush size, - = "
              "strength."),
    "smooth": ("Smooth", "Paint: smooth", "Space or drag smooths the ground under the brush. [ ] brush size."),
    "add": ("Add", "Add points", "Space or a click on the plot adds a data point at the plot's cursor. Each "
            "point reshapes the error surface."),
    "move": ("Move", "Move points", "Space or click picks up the nearest point; arrows or dragging move it; "
             "Space drops it. Delete removes it."),
    "erase": ("Erase", "Delete points", "Space, Delete or a click removes the data point nearest the cursor."),
    "start": ("Start", "Place the start", "Space or click: the hiker starts here. Delete: a random start."),
    "fields": ("Settings", "Level settings", "Up and Down choose a setting, Enter edits it, Enter keeps the new "
               "value, Esc cancels."),
}
PALETTE = ["x", "y", "pi", "e", "**2", "sin(", "cos(", "exp(", "log(", "sqrt(", "abs(", "tanh(", "atan2(",
           "min(", "max(", "softplus("]


def tools_for(spec: LevelSpec) -> list[str]:
    if isinstance(spec.landscape, HeightmapSpec):
        return ["raise", "lower", "smooth", "start", "fields"]
    if isinstance(spec.landscape, DataSpec):
        return ["add", "move", "erase", "start", "fields"]
    if isinstance(spec.landscape, NetworkSpec):  # a network is edited through its settings
        return ["start", "fields"]
    return ["dig", "hill", "select", "start", "fields"]


@dataclass
class Button:
    label: str
    rect: pygame.Rect
    action: object  # a callable


class EditorDrawing:
    """Everything the editor draws (the scene's state is read, never changed, except the clickable rectangles
    and the drawing caches)."""


    def draw(self, surface: pygame.Surface) -> None:
        regions = self.regions()
        view = self.view()
        self._draw_map(surface, view)
        self._draw_header(surface, regions)
        self._draw_chips(surface, regions["chips"])
        self._draw_side(surface, regions["side"])
        if regions["bar"].height:
            self._draw_formula_bar(surface, regions["bar"])
        self._draw_status(surface, regions["status"])

    def draw_over_ui(self, surface: pygame.Surface) -> None:
        if self.prompt:
            self._draw_prompt(surface)

    def _terrain(self, view: View) -> pygame.Surface:
        land = self.shown().landscape
        cmap, contours = self.app.settings.colormap, self.app.contour_lines()
        size = (view.width, view.height)
        if self.fine is not None:
            fland, fsize, fcmap, fcont, surf = self.fine
            if fsize == size and fcmap == cmap and fcont == contours and (fland is land or fland == land):
                return surf
        if self.coarse is not None:
            cland, csize, ccmap, ccont, surf = self.coarse
            if csize == size and ccmap == cmap and ccont == contours and (cland is land or cland == land):
                return surf
        k = max(1.0, math.sqrt(size[0] * size[1] / COARSE_PIXELS))
        small = (max(8, int(size[0] / k)), max(8, int(size[1] / k)))
        rgb, _ = terrain_rgb(self.landscape(), small[0], small[1], cmap, contours)
        surf = pygame.surfarray.make_surface(np.ascontiguousarray(rgb.transpose(1, 0, 2)))
        surf = pygame.transform.smoothscale(surf, size)
        self.coarse = (land, size, cmap, contours, surf)
        return surf

    def _draw_map(self, surface: pygame.Surface, view: View) -> None:
        px = self.app.px
        surface.blit(self._terrain(view), view.rect[:2])
        pygame.draw.rect(surface, (70, 82, 104), view.rect, 1)
        axes(surface, view, px(12), axis_names(self.spec))
        spec = self.shown()
        if self.player_view:
            self._draw_fog(surface, view, spec)
        else:
            self._draw_wells(surface, view, spec)
            self._draw_minimum(surface, view)
        self._draw_start(surface, view, spec)
        if not self._point_tool():
            self._draw_cursor(surface, view)
        label = "Player view: the fog a hiker starts in (V: designer view)" if self.player_view else \
            "Designer view (V: what the player sees)"
        text(surface, label, (view.left + view.width - px(6), view.top + px(4)), px(13), DIM, anchor="topright",
             max_width=view.width - px(80))

    def _draw_fog(self, surface: pygame.Surface, view: View, spec: LevelSpec) -> None:
        layer = pygame.Surface((view.width, view.height), pygame.SRCALPHA)
        layer.fill((*FOG, 240))
        r = spec.rules.fog * view.pixels_per_unit
        if spec.start is not None and r >= 1:
            p = view.to_screen(spec.start) - (view.left, view.top)
            for scale, alpha in ((1.3, 215), (1.2, 170), (1.12, 120), (1.05, 60), (1.0, 0)):
                pygame.draw.circle(layer, (*FOG, alpha), p, r * scale)
        surface.blit(layer, view.rect[:2])

    def _draw_wells(self, surface: pygame.Surface, view: View, spec: LevelSpec) -> None:
        land = spec.landscape
        if not isinstance(land, WellsSpec):
            return
        px = self.app.px
        for i, w in enumerate(land.wells):
            c = view.to_screen(w.at)
            r = max(px(4), int(w.width * view.pixels_per_unit))
            color = HILL_COLOR if w.depth < 0 else WELL_COLOR
            chosen = i == self.selected
            pygame.draw.circle(surface, (0, 0, 0), c, r + 1, 3 if chosen else 2)
            pygame.draw.circle(surface, ACCENT if chosen else color, c, r, 3 if chosen else 1)
            pygame.draw.line(surface, color, (c[0] - px(4), c[1]), (c[0] + px(4), c[1]), 2)
            if w.depth < 0:
                pygame.draw.line(surface, color, (c[0], c[1] - px(4)), (c[0], c[1] + px(4)), 2)
            text(surface, str(i + 1), (c[0] + r * 0.72, c[1] - r * 0.72), px(13), ACCENT if chosen else color,
                 bold=chosen)

    def _draw_minimum(self, surface: pygame.Surface, view: View) -> None:
        px = self.app.px
        level = self.level
        fresh = level is not None and self._is(self.level_spec, self.shown())
        if level is not None:
            for p in level.minimum.points[:8]:
                pos = view.to_screen(p)
                if fresh:
                    marker_global(surface, pos, px(10))
                else:
                    pygame.draw.circle(surface, DIM, pos, px(8), 2)
        if not fresh:
            dots = "." * (1 + int(self.quiet * 3) % 3)
            msg = f"finding the global minimum{dots}" if not self.level_error or not self._is(
                self.level_spec, self.shown()) else f"no minimum: {self.level_error}"
            text(surface, msg, (view.left + px(8), view.top + view.height - px(26)), px(14), ACCENT,
                 max_width=view.width - px(16))

    def _draw_start(self, surface: pygame.Surface, view: View, spec: LevelSpec) -> None:
        px = self.app.px
        if spec.start is None:
            text(surface, "random start", (view.left + px(30), view.top + px(4)), px(13), START_COLOR)
            return
        c = view.to_screen(spec.start)
        pygame.draw.circle(surface, (0, 0, 0), c, px(10))
        pygame.draw.circle(surface, START_COLOR, c, px(8))
        pygame.draw.circle(surface, (255, 255, 255), c, px(8), 2)

    def _draw_cursor(self, surface: pygame.Surface, view: View) -> None:
        px = self.app.px
        c = view.to_screen(self.cursor)
        spec = self.spec
        color = ACCENT if self.tool != "fields" else DIM
        if self.tool in ("dig", "hill") and as_wells(spec.landscape) is not None:
            r = int(default_well_width(spec) * view.pixels_per_unit)
            pygame.draw.circle(surface, color, c, max(px(4), r), 1)
        elif self.tool in ("raise", "lower", "smooth"):
            pygame.draw.circle(surface, color, c, max(px(4), int(self.brush * view.width)), 2)
        for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            pygame.draw.line(surface, (0, 0, 0), (c[0] + dx * px(5), c[1] + dy * px(5)),
                             (c[0] + dx * px(14), c[1] + dy * px(14)), 4)
            pygame.draw.line(surface, color, (c[0] + dx * px(5), c[1] + dy * px(5)),
                             (c[0] + dx * px(14), c[1] + dy * px(14)), 2)

    def _draw_header(self, surface: pygame.Surface, regions: dict[str, pygame.Rect]) -> None:
        px = self.app.px
        header = regions["header"]
        where = str(self.path) if self.path else "not saved yet"
        state = "  ·  unsaved changes" if self.dirty else "  ·  saved" if self.path and self.path.exists() else ""
        right = f"id {self.spec.id}  ·  {where}{state}"
        size = px(14)
        rw = min(font(size).size(right)[0], header.width // 2)
        r = text(surface, right, (header.right, header.y + px(8)), size, ACCENT if self.dirty else DIM,
                 anchor="topright", max_width=rw)
        text(surface, f"Editor — {self.spec.title}", (header.x, header.y), px(24), ACCENT, bold=True,
             max_width=header.width - r.width - px(16))

    def _draw_chips(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        px = self.app.px
        self.chips = []
        x = rect.x
        size = px(14)
        tools = tools_for(self.spec)
        view_label = "Player view (V)" if self.player_view else "Designer view (V)"
        vw = font(size).size(view_label)[0] + px(18)
        room = rect.right - vw - px(8)
        text(surface, "Tab:", (x, rect.centery), size, DIM, anchor="midleft")
        x += font(size).size("Tab:")[0] + px(6)
        for tool in tools:
            label = TOOLS[tool][0]
            w = font(size).size(label)[0] + px(18)
            if x + w > room:
                break
            chip = pygame.Rect(x, rect.y + px(2), w, rect.height - px(4))
            on = tool == self.tool
            panel(surface, chip, (70, 60, 20, 250) if on else (30, 37, 52, 235), radius=6,
                  border=ACCENT if on else (70, 82, 104))
            text(surface, label, chip.center, size, INK if on else DIM, bold=on, anchor="center",
                 max_width=chip.width - px(4))
            self.chips.append(Button(label, chip, lambda t=tool: self.set_tool(t)))
            x = chip.right + px(6)
        chip = pygame.Rect(rect.right - vw, rect.y + px(2), vw, rect.height - px(4))
        panel(surface, chip, (30, 37, 52, 235), radius=6)
        text(surface, view_label, chip.center, size, INK, anchor="center", max_width=chip.width - px(4))
        self.chips.append(Button(view_label, chip, lambda: self.on_action("view")))

    def _draw_side(self, surface: pygame.Surface, side: pygame.Rect) -> None:
        px = self.app.px
        panel(surface, side)
        inner = side.inflate(-px(28), -px(20))
        x, y = inner.x, inner.y
        _, name, blurb = TOOLS[self.tool]
        text(surface, name, (x, y), px(18), ACCENT, bold=True, max_width=inner.width)
        y += px(24)
        for line in wrap(blurb, px(13), inner.width)[:3]:
            text(surface, line, (x, y), px(13), INK)
            y += px(17)
        plot = self.plot_rect()
        if plot is not None:
            y = max(y, plot.y - px(8))
            self._draw_plot(surface, plot)
            y = plot.bottom + px(22)
        y = self._draw_checks(surface, inner, y + px(6))
        buttons_h = px(2 * 32 + 6)
        y = self._draw_fields(surface, pygame.Rect(inner.x, y + px(4), inner.width,
                                                   inner.bottom - buttons_h - px(10) - y - px(4)))
        self._draw_buttons(surface, pygame.Rect(inner.x, inner.bottom - buttons_h, inner.width, buttons_h))

    def _draw_checks(self, surface: pygame.Surface, inner: pygame.Rect, y: int) -> int:
        px = self.app.px
        fresh = self.level_spec is not None and self._is(self.level_spec, self.shown())
        if not fresh:
            text(surface, "Checking the level…", (inner.x, y), px(14), DIM, max_width=inner.width)
            return y + px(20)
        if self.level_error:
            lines = wrap(f"No minimum: {self.level_error}", px(13), inner.width)[:3]
            for line in lines:
                text(surface, line, (inner.x, y), px(13), BAD)
                y += px(17)
            return y + px(4)
        if not self.warnings:
            m = self.level.minimum if self.level else None
            where = f" at ({fmt(m.points[0][0])}, {fmt(m.points[0][1])}), altitude {fmt(m.value)}" if m else ""
            for line in wrap(f"✓ No warnings. Global minimum{where}.", px(13), inner.width)[:2]:
                text(surface, line, (inner.x, y), px(13), GOOD)
                y += px(17)
            return y + px(4)
        budget = 3 if len(self.warnings) <= 2 else 2
        for w in self.warnings:
            for line in wrap("⚠ " + w.message, px(13), inner.width)[:budget]:
                text(surface, line, (inner.x, y), px(13), ACCENT)
                y += px(17)
        return y + px(4)

    def _draw_fields(self, surface: pygame.Surface, area: pygame.Rect) -> int:
        px = self.app.px
        fields = self.fields()
        self.field_index = min(self.field_index, len(fields) - 1)
        row_h = px(22)
        size = px(13)
        rows = max(1, area.height // row_h)
        edit_extra = 1 if self.edit is not None and self.edit.error and not self.edit.field.formula else 0
        visible = max(1, rows - edit_extra)
        if len(fields) > visible:
            visible = max(1, visible - 1)  # a line for "1–18 of 22 settings"
        if self.field_index < self.field_top:
            self.field_top = self.field_index
        elif self.field_index >= self.field_top + visible:
            self.field_top = self.field_index - visible + 1
        self.field_top = max(0, min(self.field_top, max(0, len(fields) - visible)))
        self.field_rows = []
        label_w = min(px(130), area.width // 2)
        y = area.y
        section = None
        for i in range(self.field_top, min(len(fields), self.field_top + visible)):
            f = fields[i]
            rect = pygame.Rect(area.x, y, area.width, row_h)
            active = i == self.field_index and self.tool == "fields"
            if active:
                pygame.draw.rect(surface, (70, 60, 20), rect, border_radius=4)
            label = f.label if f.section == section else f"{f.label}"
            section = f.section
            text(surface, label, (rect.x + px(4), rect.centery), size, INK if active else DIM, anchor="midleft",
                 max_width=label_w - px(8))
            vx = rect.x + label_w
            editing = self.edit is not None and self.edit.field.key == f.key and not f.formula
            if editing:
                box = pygame.Rect(vx, rect.y + 1, rect.right - vx, row_h - 2)
                self._draw_line_edit(surface, box, self.edit.line, size)
            else:
                text(surface, f.get(self.shown()) or "—", (rect.right - px(4), rect.centery), size, INK,
                     anchor="midright", max_width=rect.right - vx - px(6))
            self.field_rows.append((i, rect))
            y += row_h
            if editing and self.edit.error:
                text(surface, self.edit.error, (area.x + px(4), y + px(2)), px(12), BAD, max_width=area.width - px(8))
                y += row_h
        if len(fields) > visible:
            shown = f"{self.field_top + 1}–{min(len(fields), self.field_top + visible)} of {len(fields)} settings"
            text(surface, shown, (area.right, y + px(2)), px(11), DIM, anchor="topright", max_width=area.width)
        return y

    def _draw_line_edit(self, surface: pygame.Surface, box: pygame.Rect, line: TextLine, size: int,
                        error_col: int | None = None) -> None:
        """A text field: the part of the text around the caret that fits, the caret, and an error mark."""
        px = self.app.px
        pygame.draw.rect(surface, (12, 14, 20), box, border_radius=4)
        pygame.draw.rect(surface, ACCENT, box, 1, border_radius=4)
        f = font(size, mono=True)
        cw = max(1, f.size("M")[0])
        room = max(4, (box.width - px(12)) // cw)
        start = max(0, min(line.caret - room + 4, len(line.text) - room)) if len(line.text) > room else 0
        shown = line.text[start:start + room]
        tx = box.x + px(6)
        if line.selected and shown:
            sel = pygame.Rect(tx - 1, box.y + px(3), min(box.width - px(10), len(shown) * cw + 2), box.height - px(6))
            pygame.draw.rect(surface, (60, 80, 130), sel)
        text(surface, shown, (tx, box.centery), size, INK, anchor="midleft", mono=True, shadow=False,
             max_width=box.width - px(8))
        cx = tx + (line.caret - start) * cw
        pygame.draw.line(surface, ACCENT, (cx, box.y + px(4)), (cx, box.bottom - px(4)), 2)
        if error_col is not None and start < error_col <= start + room:
            ex = tx + (error_col - 1 - start) * cw
            pygame.draw.line(surface, BAD, (ex, box.bottom - px(3)), (ex + cw, box.bottom - px(3)), 3)

    def _draw_buttons(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        px = self.app.px
        items = [("Play-test T", lambda: self.test("play")), ("Race-test R", lambda: self.test("race")),
                 ("Save", self.save), ("Save as…", self.open_save_as),
                 ("Undo", self.undo), ("Redo", self.redo),
                 ("Copy code", self.copy_share), ("Import code", self.import_code)]
        cols = 4
        gap = px(6)
        w = (area.width - gap * (cols - 1)) // cols
        h = (area.height - gap) // 2
        self.buttons = []
        for k, (label, action) in enumerate(items):
            r, c = divmod(k, cols)
            rect = pygame.Rect(area.x + c * (w + gap), area.y + r * (h + gap), w, h)
            primary = k < 3
            panel(surface, rect, (44, 52, 72, 245) if primary else (30, 37, 52, 240), radius=6,
                  border=ACCENT if primary else (70, 82, 104))
            text(surface, label, rect.center, px(12), INK, anchor="center", max_width=rect.width - px(6))
            self.buttons.append(Button(label, rect, action))

    def _draw_plot(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """The data set: points (feature, target), the best line (the global minimum) and the cursor's line."""
        px = self.app.px
        land = self.spec.landscape
        pygame.draw.rect(surface, (12, 14, 20), rect)
        pygame.draw.rect(surface, (90, 100, 120), rect, 1)
        fx, fy = self.bounds()
        text(surface, "feature →", (rect.right, rect.bottom + px(2)), px(11), DIM, anchor="topright")
        text(surface, "↑ target", (rect.x, rect.y - px(14)), px(11), DIM)
        clip = surface.get_clip()
        surface.set_clip(rect)

        def line(w0: float, w1: float, color, width: int) -> None:
            a = self._data_to_plot(rect, (fx[0], w0 + w1 * fx[0]))
            b = self._data_to_plot(rect, (fx[1], w0 + w1 * fx[1]))
            pygame.draw.line(surface, color, a, b, width)

        line(self.cursor[0], self.cursor[1], (150, 160, 180), 1)
        level = self.current_level()
        if level is not None:
            p = level.minimum.points[0]
            line(p[0], p[1], ACCENT, 2)
        surface.blit(self._points_layer(rect), rect.topleft)
        if self.selected is not None and self.selected < len(land.rows):
            pygame.draw.circle(surface, ACCENT, self._data_to_plot(rect, land.rows[self.selected]), px(6))
        if self._point_tool():
            c = self._data_to_plot(rect, self.dcursor)
            pygame.draw.circle(surface, ACCENT, c, px(8), 2)
        surface.set_clip(clip)
        text(surface, "gold: best line · gray: cursor's", (rect.x, rect.bottom + px(2)),
             px(11), DIM, max_width=rect.width - px(70))

    def _points_layer(self, rect: pygame.Rect) -> pygame.Surface:
        """The data points, drawn once per data set and plot size (a CSV may hold 10,000 of them)."""
        rows = self.spec.landscape.rows
        key = (rows, rect.size)
        if self._points is None or self._points[0] is not rows or self._points[1] != rect.size:
            layer = pygame.Surface(rect.size, pygame.SRCALPHA)
            r = self.app.px(5) if len(rows) <= 500 else max(1, self.app.px(2))
            fx, fy = self.bounds()
            a = np.asarray(rows, dtype=float).reshape(-1, 2)
            xs = (a[:, 0] - fx[0]) / (fx[1] - fx[0]) * rect.width
            ys = rect.height - (a[:, 1] - fy[0]) / (fy[1] - fy[0]) * rect.height
            for x, y in zip(xs.tolist(), ys.tolist(), strict=True):
                pygame.draw.circle(layer, (120, 200, 255), (x, y), r)
                if r > 2:
                    pygame.draw.circle(layer, (0, 0, 0), (x, y), r, 1)
            self._points = (*key, layer)
        return self._points[2]

    def _draw_formula_bar(self, surface: pygame.Surface, bar: pygame.Rect) -> None:
        px = self.app.px
        spec = self.spec
        land = spec.landscape
        editing = self.edit is not None and self.edit.field.formula
        label = ("Base formula (the wells are dug into it)" if isinstance(land, WellsSpec) else
                 f"Classic function {land.name}: edit it to make it your own formula" if spec.kind == "function"
                 else "Formula")
        text(surface, label + ("   ·   F or a click: edit" if not editing else "   ·   Enter: keep   Esc: cancel"),
             (bar.x, bar.y), px(14), DIM, max_width=bar.width)
        box = self._formula_box()
        size = px(15)
        if editing:
            self._draw_line_edit(surface, box, self.edit.line, size, self.edit.col)
            err = self.edit.error
            msg = (f"column {self.edit.col}: {err}" if self.edit.col else err) if err else \
                "✓ valid: the map shows it (Enter keeps it)"
            text(surface, msg, (box.x, box.bottom + px(3)), px(13), BAD if err else GOOD, max_width=bar.width)
        else:
            pygame.draw.rect(surface, (12, 14, 20), box, border_radius=4)
            pygame.draw.rect(surface, (70, 82, 104), box, 1, border_radius=4)
            text(surface, formula_of(spec), (box.x + px(6), box.centery), size, INK, anchor="midleft", mono=True,
                 shadow=False, max_width=box.width - px(12))
        # the palette: functions, constants, a classic
        self.palette = []
        tokens = PALETTE + list(constants_of(spec))
        x = bar.x
        y = box.bottom + px(22)
        small = px(12)
        classic = sorted(CLASSIC)[self.classic % len(CLASSIC)]
        items = [(f"Classic: {classic} ▸", self.next_classic)] + [(t, lambda t=t: self.insert_token(t)) for t in tokens]
        for label, action in items:
            w = font(small, mono=True).size(label)[0] + px(12)
            if x + w > bar.right:
                break
            rect = pygame.Rect(x, y, w, px(22))
            panel(surface, rect, (30, 37, 52, 240), radius=5)
            text(surface, label, rect.center, small, INK, anchor="center", mono=True, shadow=False,
                 max_width=rect.width - px(4))
            self.palette.append(Button(label, rect, action))
            x = rect.right + px(4)

    def _draw_status(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        px = self.app.px
        size = px(14)
        x, y = self.cursor
        with np.errstate(all="ignore"):
            alt = float(self.landscape().value(np.array([[x, y]]))[0])
        names = axis_names(self.spec)
        where = f"{names[0].split()[0]} {fmt(x)}  {names[1].split()[0]} {fmt(y)}  altitude {fmt(alt)}"
        ww = min(font(size).size(where)[0], rect.width // 3)
        r = text(surface, where, (rect.right, rect.centery), size, DIM, anchor="midright", max_width=ww)
        text(surface, self.message, (rect.x, rect.centery), size, BAD if self.message_bad else INK,
             anchor="midleft", max_width=rect.width - r.width - px(16))

    def _draw_prompt(self, surface: pygame.Surface) -> None:
        px = self.app.px
        veil = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        veil.fill((0, 0, 0, 150))
        surface.blit(veil, (0, 0))
        w = min(px(620), surface.get_width() - px(40))
        rect = pygame.Rect(0, 0, w, px(200))
        rect.center = surface.get_rect().center
        panel(surface, rect, (18, 22, 32, 250), border=ACCENT)
        inner = rect.inflate(-px(40), -px(32))
        self.prompt_buttons = []
        if self.prompt == "saveas":
            text(surface, "Save as a new level in your folder", inner.topleft, px(22), ACCENT, bold=True,
                 max_width=inner.width)
            text(surface, "Its title (the id and file name are made from it):", (inner.x, inner.y + px(40)), px(15),
                 INK, max_width=inner.width)
            box = pygame.Rect(inner.x, inner.y + px(66), inner.width, px(32))
            self._draw_line_edit(surface, box, self.prompt_line, px(16))
            items = [("Save (Enter)", self._save_as_done), ("Cancel (Esc)", self._close_prompt)]
        else:
            text(surface, f"Unsaved changes to {self.spec.title}", inner.topleft, px(22), ACCENT, bold=True,
                 max_width=inner.width)
            ask = "Quit the game without saving them?" if self.quitting else "Leave the editor without saving them?"
            text(surface, ask, (inner.x, inner.y + px(40)), px(15), INK,
                 max_width=inner.width)
            items = [("Save and leave (S)", self._leave_saving), ("Leave without saving (D)", self._leave_discarding),
                     ("Keep editing (Esc)", self._close_prompt)]
        gap = px(10)
        bw = (inner.width - gap * (len(items) - 1)) // len(items)
        for k, (label, action) in enumerate(items):
            b = pygame.Rect(inner.x + k * (bw + gap), inner.bottom - px(38), bw, px(38))
            panel(surface, b, (44, 52, 72, 250), radius=6, border=ACCENT if k == 0 else (70, 82, 104))
            text(surface, label, b.center, px(14), INK, anchor="center", max_width=b.width - px(8))
            self.prompt_buttons.append(Button(label, b, action))
