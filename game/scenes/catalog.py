"""Every scene by name. Only the launcher imports this; scenes open each other through ``app.make(name)``."""

from __future__ import annotations

from .confirm import ConfirmOverlay
from .editor import EditorScene
from .editor_start import EditorStartScene
from .help import HelpOverlay
from .lesson import LessonOverlay
from .level_select import LevelSelectScene
from .loading import LoadingOverlay
from .pause import PauseOverlay
from .play import PlayScene
from .race import RaceScene
from .results import ResultsScene
from .settings import SettingsScene
from .title import TitleScene
from .tutorial import TutorialScene

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
    "lesson": LessonOverlay,
    "confirm": ConfirmOverlay,
    "tutorial": TutorialScene,
    "editor": EditorScene,
    "editor_start": EditorStartScene,
}
