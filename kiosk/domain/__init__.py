"""Pure types and rules shared by every room: money, the card record, citizen IDs, codes.

Standard library only; nothing here does I/O or keeps state, so every rule is tested directly.
"""
