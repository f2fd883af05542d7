"""Speech: phrases to clips. The engine adapter (:mod:`.engine`, every contact with
pyttsx3), clip files (:mod:`.clips`) and the cache (:mod:`.cache`)."""

from __future__ import annotations

from .cache import SpeechCache, cache_dir, clear_cache, clip_count
from .engine import VoiceInfo, list_voices, resolve_voice

__all__ = ["SpeechCache", "VoiceInfo", "cache_dir", "clear_cache", "clip_count",
           "list_voices", "resolve_voice"]
