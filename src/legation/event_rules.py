"""Syntactic rules of the event coder: triggers, arguments and modality on a parsed sentence.

Everything here works on one dependency-parsed sentence (a spaCy ``Doc`` made by
:func:`legation.nlp.parse_sentences`); character offsets are relative to that sentence.
Which words are triggers, and of what, comes from the lexicon (``data/triggers.yaml``).
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .event_lexicon import Lexicon, Trigger

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# entity labels of names that contain event words without naming an event
# ("Supreme National Security Council", "Asia-Pacific Economic Cooperation")
NAME_LABELS = {"ORG", "PERSON", "GPE", "FAC", "WORK_OF_ART", "LAW", "PRODUCT", "NORP", "LOC"}
CLAUSE_DEPS = {"ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "parataxis", "csubj"}
SUBJ_DEPS = {"nsubj", "csubj", "expl"}
PRONOUN_REL = {"who", "which", "that", "whom", "whose"}
TARGET_PREPS = ("to", "against", "on", "with", "toward", "towards", "at", "into", "upon",
                "for", "from", "between", "over", "onto")
SECONDARY_PREPS = {"on", "over", "for", "from", "at", "into", "onto", "upon"}
PLACE_PREPS = {"in", "at", "to", "near", "into", "from", "inside", "outside", "across",
               "around", "toward", "towards", "onto", "throughout", "within"}
# generic nouns that carry the event named by their modifier ("mediation effort", "aid convoy")
CARRIERS = {"effort", "mission", "program", "programme", "operation", "plan", "process", "initiative",
            "campaign", "package", "convoy", "flight", "shipment", "delivery", "drive", "bid"}
# nominal events whose "of" phrase is the agent ("the visit of Hamas officials")
OF_IS_AGENT_TYPES = {"CONSULT", "PROTEST", "MOBILIZE", "COOPERATE", "SUPPORT"}
OF_IS_AGENT_MODES = {"withdraw", "resign"}
# events whose target, when nothing else names one, is where they happen ("arrested ... in the
# West Bank", "demonstrated in Kirkuk")
IN_AS_TARGET_TYPES = {"ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "AID", "CONCEDE", "RETREAT", "SANCTION"}


@dataclass
class Match:
    """A trigger word in a parsed sentence with the lexicon entry it matched."""

    tok: Token
    entry: Trigger
    parts: list[Token] = field(default_factory=list)  # words matched by the entry's ``with``
    absorbed: list[Match] = field(default_factory=list)  # complement events of a control verb
    frame: str | None = None  # "request" for speech verb + obligation modal
    carrier: Token | None = None  # the noun a modifier trigger rides on ("mediation effort")

    @property
    def i(self) -> int:
        return self.tok.i


def _dependents(tok: Token, depth: int = 3) -> dict[str, Token]:
    """Lemmas of words that depend on ``tok`` within its own clause (plus its head for nouns)."""
    out: dict[str, Token] = {}
    frontier = [tok]
    for _ in range(depth):
        nxt = []
        for t in frontier:
            for c in t.children:
                if c.dep_ == "punct" or (c.dep_ in CLAUSE_DEPS and not (c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN"))):
                    continue
                out.setdefault(c.lemma_.lower(), c)
                out.setdefault(c.text.lower(), c)
                nxt.append(c)
        frontier = nxt
    for c in tok.children:  # "declined to comment", "refused to comment"
        if c.dep_ == "xcomp":
            out.setdefault(c.lemma_.lower(), c)
    if tok.pos_ in ("NOUN", "PROPN") and tok.head.i != tok.i:
        out.setdefault(tok.head.lemma_.lower(), tok.head)
    elif tok.pos_ in ("VERB", "AUX"):  # "a pact is to be signed", "sanctions were lifted"
        subj, _ = verb_subject(tok)
        if subj is not None:
            out.setdefault(subj.lemma_.lower(), subj)
    return out


_LOWER_LEMMA: dict[int, str] = {}  # lemma hash -> lower-cased lemma (StringStore hashes are stable)


def lemma_tokens(sent: Doc, words: Container[str]) -> list[Token]:
    """The tokens of a sentence whose lower-cased lemma is in ``words``, in order: a scan of
    the lemma array, making Token objects only for those."""
    from spacy.attrs import LEMMA

    key = "legation_lemma_lower"
    lowers = sent.user_data.get(key)
    if lowers is None:
        strings, memo = sent.vocab.strings, _LOWER_LEMMA
        lowers = []
        for h in sent.to_array([LEMMA]).tolist():
            low = memo.get(h)
            if low is None:
                low = memo[h] = strings[h].lower() if h else ""
            lowers.append(low)
        sent.user_data[key] = lowers
    return [sent[i] for i, low in enumerate(lowers) if low in words]


def find_matches(sent: Doc, lex: Lexicon) -> list[Match]:
    """Trigger words of a sentence, after ``with`` parts and control complements are merged."""
    raw: list[Match] = []
    for tok in lemma_tokens(sent, lex.by_lemma):
        if tok.ent_type_ in NAME_LABELS and tok.pos_ in ("PROPN", "NOUN", "ADJ"):
            continue
        cands = lex.candidates(tok.lemma_.lower(), tok.pos_)
        if not cands:
            continue
        deps = _dependents(tok)
        for entry in cands:
            if entry.not_with and any(w in deps for w in entry.not_with):
                continue
            if entry.with_:
                hits = [deps[w] for w in entry.with_ if w in deps]
                if not hits:
                    continue
                raw.append(Match(tok, entry, [hits[0]]))
            else:
                raw.append(Match(tok, entry))
            break
    # words that are part of another trigger ("sanctions" in "lift sanctions") are not coded
    part_of = {p.i: m for m in raw for p in m.parts}
    kept = []
    for m in raw:
        owner = part_of.get(m.i)
        if owner is not None and owner is not m:
            # (a mutual-parts exception, when the two triggers are each other's parts, was
            # measured: one PLOVER sentence worse, so none is made)
            continue
        if m.tok.dep_ == "amod" and m.tok.pos_ == "VERB":
            continue  # "the long-threatened invasion", "the banned movement"
        if m.tok.dep_ == "compound" and m.tok.pos_ in ("NOUN", "PROPN"):
            if m.tok.head.lemma_.lower() not in CARRIERS:
                continue  # "ceasefire agreement", "veto right", "aid workers": a modifier, not an event
            m.carrier = m.tok.head  # "a mediation effort between X and Y", "an aid convoy to Gaza"
        kept.append(m)
    kept = _add_request_frames(sent, lex, kept)
    return _absorb_complements(kept)


def _add_request_frames(sent: Doc, lex: Lexicon, matches: list[Match]) -> list[Match]:
    """'X said Y must Z' is a REQUEST by X to Y (PLOVER codes obligations as requests)."""
    from .event_lexicon import Trigger

    out = list(matches)
    have = {m.i for m in matches}
    for tok in lemma_tokens(sent, lex.speech_verbs):
        if tok.i in have:
            continue
        for comp in tok.children:
            if comp.dep_ != "ccomp":
                continue
            modal = next((c for c in comp.children if c.dep_ == "aux" and c.lemma_.lower() in lex.request_modals), None)
            subj = next((c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if modal is None or subj is None or (subj.lower_ in ("i", "we", "us", "it", "this", "that")
                                                 and not _is_us(subj)):
                continue
            entry = Trigger(lemma=tok.lemma_.lower(), event_type="REQUEST", pos="verb", control=True, confidence=0.6)
            out.append(Match(tok, entry, [modal], frame="request"))
            break
    return sorted(out, key=lambda m: m.i)


def _absorb_complements(matches: list[Match]) -> list[Match]:
    """Events inside the complement of a control trigger belong to it ("threatened to ban")."""
    by_i = {m.i: m for m in matches}
    gone: set[int] = set()
    for m in matches:
        if not m.entry.control:
            continue
        for c in m.tok.children:
            if c.dep_ in ("xcomp", "ccomp", "acl") or (m.frame and c.dep_ == "ccomp"):
                for t in c.subtree:
                    inner = by_i.get(t.i)
                    if inner is not None and inner is not m and inner.i not in gone:
                        m.absorbed.append(inner)
                        gone.add(inner.i)
    return [m for m in matches if m.i not in gone]


# -- argument spans ---------------------------------------------------------------------------

def phrase_tokens(tok: Token) -> list[Token]:
    """The noun phrase headed by ``tok`` without relative clauses and trailing verbs."""
    skip: set[int] = set()
    for c in tok.children:
        if c.dep_ in ("relcl", "acl", "advcl", "punct", "ccomp", "parataxis"):
            skip.update(t.i for t in c.subtree)
    toks = [t for t in tok.subtree if t.i not in skip]
    while toks and toks[-1].pos_ in ("PUNCT", "CCONJ"):
        toks.pop()
    while toks and toks[0].pos_ in ("PUNCT", "CCONJ"):
        toks.pop(0)
    return toks


def char_span(toks: Iterable[Token]) -> tuple[int, int] | None:
    toks = list(toks)
    if not toks:
        return None
    start = min(t.idx for t in toks)
    end = max(t.idx + len(t.text) for t in toks)
    return start, end


def _child(tok: Token, deps: Iterable[str]) -> Token | None:
    deps = set(deps)
    return next((c for c in tok.children if c.dep_ in deps), None)


def _prep_objects(tok: Token, preps: Iterable[str]) -> list[tuple[str, Token]]:
    """(preposition, object) pairs hanging off ``tok`` (also through a particle/dative)."""
    out = []
    kids = [c for c in tok.children]
    kids += [g for c in tok.children if c.dep_ == "prt" for g in c.children]  # "handed over to X"
    for c in kids:
        if c.dep_ in ("prep", "dative", "agent") and c.lemma_.lower() in preps:
            obj = _child(c, ("pobj",))
            if obj is not None:
                out.append((c.lemma_.lower(), obj))
    order = {p: k for k, p in enumerate(preps)}
    return sorted(out, key=lambda po: order.get(po[0], 99))


def clause_head(tok: Token, lex: Lexicon) -> Token:
    """The verb whose clause states a nominal event ("launched an attack" → launched)."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return tok
    t = tok
    for _ in range(3):
        if t.dep_ in ("dobj", "attr", "nsubjpass", "oprd") and t.head.pos_ in ("VERB", "AUX"):
            return t.head
        if t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.head.pos_ in ("VERB", "AUX"):
            verb = t.head.head
            if verb.lemma_.lower() in lex.light_verbs or verb.lemma_.lower() in ("participate", "engage", "take", "join"):
                return verb
            return tok
        if t.dep_ == "conj":
            t = t.head
            continue
        break
    return tok


def verb_subject(verb: Token) -> tuple[Token | None, bool]:
    """(subject, passive?) of a verb, following coordination, control and relative clauses."""
    t = verb
    for _ in range(4):
        subj = _child(t, SUBJ_DEPS)
        if subj is not None:
            if subj.lower_ in PRONOUN_REL and t.dep_ == "relcl":
                return t.head, False
            return subj, False
        subjpass = _child(t, ("nsubjpass",))
        if subjpass is not None:
            return subjpass, True
        if t.dep_ == "relcl":
            return t.head, False
        if t.dep_ == "acl":
            return t.head, t.tag_ == "VBN"
        if t.dep_ in ("conj", "xcomp", "advcl") and t.head.i != t.i:
            t = t.head
            continue
        break
    return None, False


def _agent(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ == "agent":
            return _child(c, ("pobj",))
    return None


@dataclass
class Args:
    source: list[Token] = field(default_factory=list)  # phrase heads
    target: list[Token] = field(default_factory=list)
    raw_target: list[Token] = field(default_factory=list)  # before cleaning ("70 million dollars of aid")
    # obliques that name a target only when nothing closer does ("on the eve of ...", "in Kirkuk")
    secondary: list[Token] = field(default_factory=list)


def _is_pronoun_it(tok: Token) -> bool:
    return tok.lower_ in ("it", "this", "that", "these", "those", "them")


def _is_us(tok: Token) -> bool:
    """"US"/"U.S." the state, not the pronoun "us"."""
    return tok.text in ("US", "U.S.", "U.S") or (tok.lower_ == "us" and tok.ent_type_ == "GPE")


PERSONAL = {"it", "its", "they", "their", "them", "he", "his", "him", "she", "her", "we", "our", "us"}
NOT_ACTOR_ENTS = {"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"}


def antecedent(tok: Token) -> Token:
    """A personal pronoun's likely antecedent: the subject of a governing clause
    ("Syria says it is willing", "the ILO reiterated its demand"); else the pronoun."""
    if tok.lower_ not in PERSONAL or _is_us(tok):
        return tok
    t = tok.head
    if tok.dep_ in ("dobj", "dative") and tok.lower_ in ("him", "her", "them"):
        # an object pronoun is not its own clause's subject: "called Erdogan and urged him to"
        v = t
        while v.dep_ in ("conj", "xcomp", "advcl") and v.head.i != v.i:
            v = v.head
            obj = next((c for c in v.children if c.dep_ in ("dobj", "dative") and c.pos_ in ("PROPN", "NOUN")), None)
            if obj is not None:
                return obj
        t = t.head if t.head.i != t.i else t
        if t.i == tok.head.i:
            return tok
    for _ in range(8):
        if t.pos_ in ("VERB", "AUX"):
            for c in t.children:
                if c.dep_ in ("nsubj", "nsubjpass") and c.i != tok.i and c.lower_ not in PERSONAL \
                        and c.pos_ in ("PROPN", "NOUN") and not tok.is_ancestor(c) and not c.is_ancestor(tok):
                    return c
        if t.head.i == t.i:
            break
        t = t.head
    return tok


def _clean_args(heads: list[Token]) -> list[Token]:
    out: list[Token] = []
    for h in heads:
        h = antecedent(h)
        if h.ent_type_ == "CARDINAL" and h.pos_ in ("NOUN", "NUM"):  # "hundreds of Kurdish workers"
            of = next((o for p, o in _prep_objects(h, ("of",))), None)
            if of is not None:
                h = of
        if h.ent_type_ in NOT_ACTOR_ENTS or (h.pos_ in ("ADV", "NUM", "PRON", "PART") and not _is_us(h)) or h in out:
            continue
        out.append(h)
    return out


def verb_args(m: Match, lex: Lexicon) -> Args:
    verb = m.tok
    args = Args()
    subj, passive = verb_subject(verb)
    if passive and m.entry.control and _agent(verb) is None:  # "Vietnam is committed to"
        passive = False
    if passive:
        agent = _agent(verb)
        if agent is not None:
            args.source.append(agent)
        if subj is not None:
            args.target.append(subj)
    elif subj is not None:
        args.source.append(subj)
    if m.frame == "request":
        comp = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if comp is not None:
            s = _child(comp, ("nsubj", "nsubjpass"))
            if s is not None:
                args.target.append(s)
        return args
    for dep in ("dative", "iobj", "dobj"):
        obj = _child(verb, (dep,))
        if obj is not None and obj not in m.parts and obj.pos_ != "ADP":
            args.target.append(obj)
    for part in m.parts:  # "lift sanctions on X", "hold talks with X"
        for _, obj in _prep_objects(part, TARGET_PREPS):
            args.target.append(obj)
        if part.dep_ == "dobj" and m.entry.event_type in ("ACCUSE", "SANCTION"):
            args.target.append(part)  # "summoned Niger's ambassador", "expelled Russian diplomats"
    for prep, obj in _prep_objects(verb, TARGET_PREPS):
        args.target.append(obj)
        if prep in SECONDARY_PREPS:
            args.secondary.append(obj)
    for inner in m.absorbed:  # "agreed to provide aid to Romania"
        if inner.tok.pos_ in ("VERB", "AUX"):
            sub = verb_args(Match(inner.tok, inner.entry, inner.parts), lex)
            args.target.extend(sub.target)
            args.secondary.extend(sub.secondary)
        else:
            args.target.extend(o for _, o in _prep_objects(inner.tok, TARGET_PREPS + ("of",)))
    if m.entry.control or m.entry.event_type in ("REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST"):
        for c in verb.children:
            if c.dep_ in ("ccomp", "xcomp") or (c.dep_ == "advcl" and m.entry.event_type == "PROTEST"):
                s = _child(c, ("nsubj", "nsubjpass"))
                addressee = s is not None and (not args.source or s.lower_ != args.source[0].lower_)
                if addressee and s is not None:  # "demanded that the US cancel plans": the US is asked
                    args.target.append(s)
                o = _child(c, ("dobj", "dative"))
                if o is not None:
                    args.target.append(o)
                    if addressee:
                        args.secondary.append(o)
                    poss = _child(o, ("poss",))  # "to protest against Sweden's decision"
                    if poss is not None:
                        args.target.append(poss)
                # "threatened to deliver blows to the United States"
                for prep, obj in _prep_objects(c, ("to", "against", "on", "with", "at", "toward", "towards", "from")):
                    args.target.append(obj)
                    if prep in SECONDARY_PREPS or addressee:
                        args.secondary.append(obj)
                    poss = _child(obj, ("poss",))
                    if poss is not None:
                        args.target.append(poss)
    if m.entry.event_type in IN_AS_TARGET_TYPES:
        # domestic events: where it happens stands for whom it is done to ("in the West Bank")
        for t in [verb, *m.parts, *(c for c in verb.children if c.dep_ == "dobj")]:
            found = [o for _, o in _prep_objects(t, ("in", "inside", "across"))]
            args.target.extend(found)
            args.secondary.extend(found)
    return args


def noun_args(m: Match, lex: Lexicon) -> Args:
    noun = m.carrier if m.carrier is not None else m.tok
    args = Args()
    entry = m.entry
    of_agent = entry.event_type in OF_IS_AGENT_TYPES or entry.mode in OF_IS_AGENT_MODES
    poss = _child(noun, ("poss",))
    if poss is not None:
        args.source.append(poss)
    agent = next((o for p, o in _prep_objects(noun, ("by",))), None)
    if agent is not None:
        args.source.append(agent)
    mods = [c for c in noun.children if c.dep_ in ("amod", "compound", "nmod")
            and (c.ent_type_ in ("NORP", "GPE", "ORG", "PERSON") or c.pos_ == "PROPN")]
    if mods and not args.source:
        args.source.extend(mods)
    if of_agent:
        args.source.extend(o for _, o in _prep_objects(noun, ("of",)))
    if not args.source:
        head = clause_head(noun, lex)
        if head is not noun:
            subj, passive = verb_subject(head)
            if subj is not None and not passive:
                args.source.append(subj)
            elif passive:
                ag = _agent(head)
                if ag is not None:
                    args.source.append(ag)
    preps = TARGET_PREPS if of_agent else ("on", "against", "of", *TARGET_PREPS)
    args.target.extend(o for _, o in _prep_objects(noun, preps))
    clauses = list(noun.children)
    if noun.dep_ == "dobj" and noun.head.pos_ in ("VERB", "AUX"):  # "reiterated its demand today that X"
        clauses += [c for c in noun.head.children if c.dep_ == "ccomp" and c.i > noun.i
                    and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)]
    for c in clauses:  # "its demand that Israel ease restrictions"
        if c.dep_ in ("acl", "ccomp", "relcl") and entry.event_type in ("REQUEST", "ACCUSE", "THREATEN", "AGREE"):
            s = _child(c, ("nsubj", "nsubjpass"))
            if s is not None and s.lower_ not in PRONOUN_REL:
                args.target.append(s)
    for part in m.parts:
        args.target.extend(o for _, o in _prep_objects(part, TARGET_PREPS))
    head = clause_head(noun, lex)
    if head is not noun:
        args.target.extend(o for _, o in _prep_objects(head, TARGET_PREPS))
        dat = _child(head, ("dative", "iobj"))
        if dat is not None:
            args.target.append(dat)
    if noun.dep_ == "nsubj" and noun.head.pos_ == "VERB":
        # "a roadside bombing killed one U.S. soldier": the event noun's verb names the patient
        obj = _child(noun.head, ("dobj",))
        if obj is not None:
            args.target.append(obj)
    if noun.dep_ == "pobj" and noun.head.lower_ == "under" and noun.head.head.pos_ in ("VERB", "AUX"):
        # "a US national was put under investigation", "the town came under attack"
        subj, _ = verb_subject(noun.head.head)
        if subj is not None:
            args.source = [s for s in args.source if s is not subj]
            args.target.append(subj)
    if entry.event_type in IN_AS_TARGET_TYPES:
        found = [o for _, o in _prep_objects(noun, ("in",))]
        if head is not noun:
            found += [o for _, o in _prep_objects(head, ("in",))]
        args.target.extend(found)
        args.secondary.extend(found)
    return args


ACTOR_ENTS = {"GPE", "NORP", "ORG", "PERSON", "LOC", "FAC"}


def nested_actor_heads(heads: list[Token], max_depth: int = 4) -> list[Token]:
    """Named entities (and their conjuncts) nearest to each head inside its whole subtree,
    relative clauses included ("plans to sell weapons to Taiwan" → Taiwan); the heads
    themselves are left out."""
    out: list[Token] = []
    for head in heads:
        frontier = [c for c in head.children if c.dep_ not in ("punct", "cc", "det")]
        for _ in range(max_depth):
            found = [t for t in frontier if t.ent_type_ in ACTOR_ENTS and t.pos_ in ("PROPN", "NOUN", "ADJ")]
            if found:
                roots = []
                for t in found:
                    while t.head.ent_type_ == t.ent_type_ and t.head.i != t.i and t.head in head.subtree \
                            and t.head.i != head.i and t.dep_ in ("compound", "flat", "nmod", "amod"):
                        t = t.head
                    if t not in roots and t not in out:
                        roots.append(t)
                out.extend(roots)
                break
            frontier = [c for t in frontier for c in t.children if c.dep_ not in ("punct", "cc", "det")]
            if not frontier:
                break
    return out


def arguments(m: Match, lex: Lexicon) -> Args:
    args = verb_args(m, lex) if m.tok.pos_ in ("VERB", "AUX", "ADJ") else noun_args(m, lex)
    if m.tok.pos_ == "ADJ":  # "Norway is willing to send": subject of the copula
        subj, _ = verb_subject(m.tok.head)
        if subj is not None and not args.source:
            args.source.append(subj)
    args.source = _clean_args(args.source)
    args.raw_target = [t for t in args.target if t.ent_type_ in NOT_ACTOR_ENTS or t.pos_ == "NOUN"]
    args.target = [t for t in _clean_args(args.target) if t not in args.source and not _is_pronoun_it(t)]
    return args


# -- modality ---------------------------------------------------------------------------------

def _path_up(tok: Token, limit: int = 6) -> list[Token]:
    out = [tok]
    t = tok
    for _ in range(limit):
        if t.head.i == t.i:
            break
        t = t.head
        out.append(t)
    return out


def is_negated(m: Match, head: Token) -> bool:
    for t in {m.tok, head}:
        for c in t.children:
            if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never"):
                return True
            if c.dep_ == "det" and c.lower_ == "no" and t.pos_ == "NOUN":
                return True
    return False


def modality(m: Match, head: Token, lex: Lexicon) -> str:
    """'hypothetical' | 'intended' | 'asserted' (negation is decided separately)."""
    chain = _path_up(head)
    # stop at the first speech/control verb: "X said it would attack" is X's hypothesis
    for depth, t in enumerate(chain):
        aux_toks = [c for c in t.children if c.dep_ in ("aux", "auxpass")]
        auxes = {c.lemma_.lower() for c in aux_toks} | {c.lower_ for c in aux_toks}
        if auxes & lex.hypothetical_aux or auxes & lex.obligation_aux:
            # "they said they would blockade Paris": reported intention, not a hypothesis
            if "would" in auxes and not _conditional(t, lex) and _under_speech(t, lex):
                return "intended"
            return "hypothetical"
        if auxes & lex.future_aux:
            return "intended"
        if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in lex.condition_marks for c in t.children):
            return "hypothetical"
        if "to" in auxes and t.dep_ == "xcomp":
            gov = t.head
            if gov.lemma_.lower() == "be" or gov.lemma_.lower() in lex.intent_heads:
                if gov is not m.tok:
                    return "intended"
        if t.dep_ == "xcomp" and t.head.lemma_.lower() in ("go",) and "to" in auxes:
            return "intended"
        if depth > 0 and (t.lemma_.lower() in lex.speech_verbs or t.dep_ == "ROOT"):
            break
        if t.dep_ not in ("xcomp", "conj", "ccomp", "dobj", "pobj", "prep", "advcl"):
            break
    return "asserted"


def _conditional(tok: Token, lex: Lexicon) -> bool:
    return any(c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in lex.condition_marks for g in c.children)
               for c in tok.children)


def _under_speech(tok: Token, lex: Lexicon) -> bool:
    return tok.dep_ == "ccomp" and tok.head.lemma_.lower() in lex.speech_verbs


def tree_depth(tok: Token) -> int:
    return len(_path_up(tok, 50)) - 1


def modifier_mode(m: Match, lex: Lexicon) -> str | None:
    modes = lex.modifier_modes.get(m.entry.event_type)
    if not modes:
        return None
    for c in list(m.tok.children) + list(m.parts):
        for w in (c.lemma_.lower(), c.lower_):
            if w in modes:
                return modes[w]
    for inner in m.absorbed:
        for c in inner.tok.children:
            if c.lemma_.lower() in modes:
                return modes[c.lemma_.lower()]
    return None
