"""The game's scenes, kept on the App's stack."""
