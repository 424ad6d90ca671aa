"""Lesson tests: a lesson's own tests (tests.yaml) played against the real engine and a throwaway practice
registry through the live engine's headless driver, exactly as `tutor start` runs the lesson."""
