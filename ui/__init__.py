"""CalmCall's PySide6 widgets. Imports `calmcall`; `calmcall` never imports this package."""
