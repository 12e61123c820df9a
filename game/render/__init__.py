"""Drawing: terrain images (pure NumPy), the world-to-screen view, hikers, HUD pieces and plots."""
