"""The `llm` backend: prompt -> transport -> reply -> mechanical grounding check.

`backend.py` runs the analysis steps, `transport.py` talks to the model
(one small interface, OpenAI-compatible client as its implementation),
`options.py` holds the settings, `prompt.py` what is asked and the reply's
shape, `grounding.py` what of the reply may be published.
"""
