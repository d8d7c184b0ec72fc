"""The shared view kit: keyboard-safe controls, saving the learner's work, readable tables and the figure theme.

It knows no lesson topic; the topics' widgets and figures are built from it.
"""
