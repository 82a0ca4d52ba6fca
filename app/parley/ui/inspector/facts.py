"""What the inspector says about one token (tooltip and details). No widgets (QtCore only, to translate)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

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
    if token.rank:
        rank = QCoreApplication.translate("TokenFacts", "rank {rank} of {listed}").format(
            rank=token.rank, listed=listed)
    elif listed:
        rank = QCoreApplication.translate("TokenFacts", "not among the {listed} listed").format(listed=listed)
    else:
        rank = QCoreApplication.translate("TokenFacts", "no alternatives listed")
    shown = visible(token.token) if not token.is_fragment else visible(group.text)
    lines = [QCoreApplication.translate("TokenFacts", "{token}   {probability} · logprob {logprob} · {rank}").format(
        token=shown, probability=percent(token.probability), logprob=f"{token.logprob:.4f}", rank=rank)]
    token_id = space.id_of(token.own_bytes, token.token, token.id) if space.known else None
    if token_id is not None:
        lines.append(QCoreApplication.translate("TokenFacts", "bytes {bytes} · id {id} ({vocabulary})").format(
            bytes=bytes_label(token.data), id=token_id,
            vocabulary=space.encoding or QCoreApplication.translate("TokenFacts", "model vocabulary")))
    else:
        lines.append(QCoreApplication.translate("TokenFacts", "bytes {bytes}").format(bytes=bytes_label(token.data)))
    if listed:
        entropy = token.entropy_lower_bound or 0.0
        lines.append(QCoreApplication.translate("TokenFacts", "entropy ≥ {entropy} nats · alternatives cover {share}")
                     .format(entropy=f"{entropy:.3f}", share=percent(token.coverage)))
    if group.is_fragmented:
        k = group.tokens.index(index) + 1
        lines.append(QCoreApplication.translate(
            "TokenFacts", "token {k} of {n} of the character {character} (each token keeps its own probability)"
        ).format(k=k, n=len(group.tokens), character=visible(group.text)))
    if token.is_merged:
        lines.append(QCoreApplication.translate(
            "TokenFacts", "merged by the provider: {token} came as one entry; the probability and alternatives "
            "are those of its last piece ({bytes})").format(token=visible(token.token),
                                                             bytes=bytes_label(token.own_bytes)))
    return "\n".join(lines)
