"""Every scene by name. Only the launcher imports this; scenes open each other through ``app.make(name)``."""

from __future__ import annotations

from .editor import EditorScene
from .editor_start import EditorStartScene
from .help import HelpOverlay
from .level_select import LevelSelectScene
from .loading import LoadingOverlay
from .pause import PauseOverlay
from .play import PlayScene
from .race import RaceScene
from .results import ResultsScene
from .settings import SettingsScene
from .title import TitleScene

CATALOG = {
    "title": TitleScene,
    "level_select": LevelSelectScene,
    "loading": LoadingOverlay,
    "play": PlayScene,
    "pause": PauseOverlay,
    "results": ResultsScene,
    "race": RaceScene,
    "settings": SettingsScene,
    "help": HelpOverlay,
    "editor": EditorScene,
    "editor_start": EditorStartScene,
}
