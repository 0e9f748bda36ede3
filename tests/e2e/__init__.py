"""Browser tests and the screenshot script, sharing one way to start the app and drive the canvas."""
