"""The use cases: one module per command family (lessons, start, check, reset, progress, practice, classroom,
join). Each takes plain values and the Environment, and returns a frozen result or a stream of events for the
command line to render. Nothing here prints, and nothing here imports typer or rich."""
