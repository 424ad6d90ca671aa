"""Lessons: the model (frozen dataclasses), the loader of `lesson.yaml` + `<lang>.md`, and the validator.

Import the submodules directly (`tutor.lesson.loader`, `.catalog`, ...): this package stays empty so that
`tutor list` need not import the Markdown parser."""
