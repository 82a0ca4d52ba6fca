"""What the inspector says about one token (tooltip and details). No Qt."""

from __future__ import annotations

from parley.core.logprobs import IdSpace, TokenSequence, bytes_label, visible


def percent(p: float) -> str:
    """Probabilities as people read them: 99.95%, 0.014%, <0.001%."""
    pct = p * 100
    if pct == 0:
        return "0%"
    if pct < 0.001:
        return "<0.001%"
    if pct >= 99.995 and p < 1:
        return ">99.99%"
    if pct >= 10:
        shown = f"{pct:.1f}"
        return f"{pct:.2f}%" if shown == "100.0" and p < 1 else f"{shown}%"
    if pct >= 0.1:
        return f"{pct:.2f}%"
    return f"{pct:.3f}%"


def token_facts(seq: TokenSequence, index: int, space: IdSpace) -> str:
    """Lines of plain text: probability, logprob, rank, bytes, id, entropy, fragment or merge remarks."""
    token = seq.tokens[index]
    group = seq.group_of(index)
    listed = len(token.raw_alternatives)
    rank = (f"rank {token.rank} of {listed}" if token.rank else
            f"not among the {listed} listed" if listed else "no alternatives listed")
    lines = [f"{visible(token.token) if not token.is_fragment else visible(group.text)}   "
             f"{percent(token.probability)} · logprob {token.logprob:.4f} · {rank}"]
    ident = ""
    if space.known:
        token_id = space.id_of(token.own_bytes, token.token, token.id)
        if token_id is not None:
            ident = f" · id {token_id} ({space.encoding or 'model vocabulary'})"
    lines.append(f"bytes {bytes_label(token.data)}{ident}")
    if listed:
        entropy = token.entropy_lower_bound or 0.0
        lines.append(f"entropy ≥ {entropy:.3f} nats · alternatives cover {percent(token.coverage)}")
    if group.is_fragmented:
        k = group.tokens.index(index) + 1
        lines.append(f"token {k} of {len(group.tokens)} of the character {visible(group.text)} "
                     f"(each token keeps its own probability)")
    if token.is_merged:
        lines.append(f"merged by the provider: {visible(token.token)} came as one entry; the probability and "
                     f"alternatives are those of its last piece ({bytes_label(token.own_bytes)})")
    return "\n".join(lines)
