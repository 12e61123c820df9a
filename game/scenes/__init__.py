"""The game's scenes, kept on the App's stack; ``catalog`` names them all."""
