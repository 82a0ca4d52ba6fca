"""The parameter sidebar (the main window's right-hand dock), generated from `core.params`.

Import the widget from `parley.ui.sidebar.panel` (this package stays import-free so that loading
one module of it never loads the others).
"""
