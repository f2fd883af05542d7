"""voicecoach: turn exercise routines into voice-guided audio sessions."""

__version__ = "0.1.0"
