"""Marks on a line: junk (bylines, page chrome), list numbering and labels
("How to do it:", "Benefits:")."""

from __future__ import annotations

import re

__all__ = ["JUNK_ANYWHERE_RE", "JUNK_RE", "LIST_RE", "label_of"]

JUNK_RE = re.compile(
    r"^(?:by\s+\S|written by|reviewed by|medically reviewed|fact[- ]checked|"
    r"share(?: it| this| on)?\s*:?$|share (?:on|via|this)\b|tweet\b|pin it|email\s*:?$|"
    r"print\s*:?$|related\s*(?::|posts?|articles?)|read more|read next|see also|also read|"
    r"click\b|advertisement|sponsored|(?:photo(?:graph)?s?|image|credit|video)\s*(?::|by\b)|"
    r"(?:photo(?:graph)?|image|picture|illustration)s?\s+(?:credits?|courtesy|source)\b|"
    # captions and explanations: "Picture of calf stretch", "Example: if you ..."
    # a link to another article: "More: 5 Core Exercises That ..." (not "Next: Lie ...")
    r"more\s*:\s*[A-Z0-9]|"
    # a picture's or a quote's credit: "Source: Youqueen", "Via: Flickr"
    r"(?:source|via)\s*:\s*\S+(?:\s+\S+){0,3}$|"
    r"(?:an? )?(?:photo(?:graph)?|image|picture|illustration|diagram|drawing|video|gif)s? "
    r"(?:of|showing)\b|examples?\s*:|exercise images?\b|for office use\b|"
    r"watch (?:the|this|our) video|updated\b|published\b|posted\b|last updated|"
    r"table of contents|jump to|skip to|follow us|learn more\b|you'?re all set|"
    r"\(?\d{1,2}:\d{2}\)?$|\w+ \d{1,2}, \d{4}(?: at \d.*)?$|photography\b|watch\s*:|"
    r"reading time\b|\d+[- ]min(?:ute)?s? read$|page \d+ of \d+$|page last reviewed|"
    r"next review due|media (?:last reviewed|review due)|(?:patient|client|name|date|tel|phone|"
    r"patient name|client name|date of birth|nhs number|hospital number|"
    r"prepared by|therapist|physiotherapist|clinician)\s*:|"
    # forum and comment chrome: "r/running", "Posted by u/x", "3 yr. ago", "Reply", "Edit:"
    r"r/\w+$|u/\w+$|posted by u/|[•·]?\s*\d+\s*(?:yr|year|mo|month|wk|week|d|day|h|hr|hour|"
    r"min|minute)s?\.? ago$|level \d+$|upvote|downvote|reply$|report$|save$|edit\s*\d*\s*:|"
    r"[•·|]$|\d+(?:\.\d+)?k?$|\S+ says:$|(?:[^>›»]{1,40}\s[>›»]\s)+[^>›»]{1,60}$|"
    # image file names left where the pictures were: "IMG_0919 IMG_0920", "knee-2.jpg"
    r"(?:(?:[A-Za-z]{2,8}[_-]\d{2,}\w*|\S+\.(?:jpe?g|png|gif|webp))\s*)+$|"
    r"(?:step|slide|page|image|photo|part)\s+\d+\s*"
    r"(?:of|/)\s*\d+$|continue reading|story continues|scroll (?:down )?to continue|"
    # an author's bio line: "Jordan Blake is a certified running coach ..."
    r"[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){1,3},? (?:is|has been) an? (?:[\w-]+,? ){0,5}?"
    r"(?:writer|journalist|editor|coach|trainer|physiotherapist|physical therapist|instructor|"
    r"teacher|contributor|doctor|physician|author|dietitian|nutritionist|specialist)\b)",
    re.IGNORECASE,
)
JUNK_ANYWHERE_RE = re.compile(
    r"cookies?\b|opt[- ]out|desktop notifications|push notifications|privacy policy|"
    r"terms of (?:use|service)|affiliate link|we may earn|newsletter|subscribe\b|"
    r"sign up\b|all rights reserved|copyright|©|\b\d+[- ]min(?:ute)?s? read\b|pinterest|"
    r"instagram|facebook|tiktok|youtube channel|follow me\b|in the comments|comments? below|"
    # a photo credit: "POPSUGAR Photography | Louisa Larson", "Getty Images"
    r"\bphotography\b|\bgetty images\b|\bshutterstock\b|\bistock\b",
    re.IGNORECASE,
)
# Labels inside an exercise: kept (their text is instructions or dose) or dropped.
_KEEP_LABEL_RE = re.compile(
    # "Some Cues", "Key tips", "Form notes": a few words before what the text is
    r"^(?:(?:some|a few|few|key|quick|helpful|important|extra|more|other|general|form|"
    r"technique|safety|teaching|coaching)\s+(?:tips|cues|notes|pointers|points|reminders)\s*$|"
    # ("Step instructions", "Floor instructions"; not "Exercise instructions" over a list of
    # exercises)
    r"how(?: to(?: do it| perform it| do this)?)?|"
    r"(?:(?!(?:exercises?|workouts?|routines?|program(?:me)?s?)\s)[\w-]+\s+)?"
    r"(?:instructions|directions)|"
    r"steps?|form tips?|tips?|coach(?:'s|ing)? (?:tips?|cues?)|pro tip|notes?|cues?|sets|reps|"
    r"repetitions?|"
    r"hints?(?: and tips?)?|tips? and hints?|movement\s*/\s*action|action\s*/\s*movement|"
    r"equipment (?:required|needed)|"
    r"sets and reps|sets/reps|sets x reps|dose|dosage|do|do it|hold|time|duration|rest|distance|"
    r"equipment|you'?ll need|what you'?ll need|start|starting position|position|movement|"
    r"the move|action|repeat|recovery|tempo|how many(?: times)?|how long|amount|a|answer)\s*$",
    re.IGNORECASE,
)
_DROP_LABEL_RE = re.compile(
    r"^(?:why(?: it works| do it|:)?|benefits?(?: of (?:the |this )?(?:exercise|stretch))?|"
    r"purpose|muscles? worked|muscles? targeted|targets?|"
    r"works|primary muscles?|make it (?:easier|harder)|easier|harder|variations?|"
    r"progressions?|regressions?|modifications?|modify|common mistakes?|mistakes? to avoid|"
    r"avoid|caution|warning|good for|level|difficulty|how often|frequency|when|optional|"
    # a workout's score and its target time ("Goal: Under 20 Min", "Score: total time")
    r"goal|target|score|"
    r"sanskrit(?: name)?|also (?:called|known as)|other names?|english name)\s*$",
    re.IGNORECASE,
)

LIST_RE = re.compile(
    # "- ", "3. ", "Step 2:", and a circuit's "A1 - " / "B2. "
    # "1Bridge": a handout's number glued to the name it numbers
    # "(1) Squat", "1/ Squat", "1 - Glute Bridge" (any dash, then a name), "Step 1 - Squat"
    r"^(?:[-*+•·▪◦]\s+|\(?(?P<n>\d{1,2})(?:\s*[.)/]\s+|(?=[A-Z][a-z])|\s+[-–—]\s+(?=[A-Za-z]))|"
    r"[A-H]\d{1,2}\s*[-–—.:)]\s+|"
    # a Roman numeral: "II. Antara kumbhaka", "IV) Bridge"
    r"(?P<r>(?:X|IX|IV|V?I{1,3}|VI{0,3}|XI{1,2}))[.)]\s+(?=[A-Z])|"
    # a lettered item: "A.Hamstring stretch", "B) Hip flexor stretch"
    r"(?P<l>[A-H])(?:[.)]\s*(?=[A-Z][a-z]+\s+[a-z])|[.)]\s+(?=[A-Z][a-z]))|"
    r"(?:step|exercise|move|movement|no\.?|#|minute|station)\s*"
    r"(?P<m>\d{1,2})\s*(?:[:.)\-–—]\s*|\s(?=[A-Za-z])))",
    re.IGNORECASE,
)


def label_of(text: str) -> str:
    """"keep", "drop" or "" for a short label such as "How to do it" or "Benefits" (a step's
    number before it, "1 Starting position", is no part of it)."""
    text = text.strip().rstrip(":.").strip()
    text = re.sub(r"^\d{1,2}\s+(?=[^\W\d])", "", text)
    if _KEEP_LABEL_RE.match(text):
        return "keep"
    if _DROP_LABEL_RE.match(text):
        return "drop"
    return ""
