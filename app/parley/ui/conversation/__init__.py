"""The conversation pane: safe rendering, streaming, virtualized message cards, editing."""
