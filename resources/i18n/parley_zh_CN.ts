<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>TurnFacts</source>
        <comment>in {n}</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TurnFacts</source>
        <comment>Input (prompt) tokens</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TurnFacts</source>
        <comment>out {n}</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TurnFacts</source>
        <comment>Output (completion) tokens</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TurnFacts</source>
        <comment>reasoning {n}</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TurnFacts</source>
        <comment>Reasoning tokens (part of the output)</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TurnFacts</source>
        <comment>cached {n}</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TurnFacts</source>
        <comment>Input tokens served from the provider&apos;s cache</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TurnFacts</source>
        <comment>TTFT {s:.2f} s</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TurnFacts</source>
        <comment>Time to first token, measured by Parley</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TurnFacts</source>
        <comment>{r:.1f} tok/s</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TurnFacts</source>
        <comment>Output tokens per second after the first token</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TurnFacts</source>
        <comment>finish_reason reported by the provider</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TurnFacts</source>
        <comment>Estimated cost from Parley&apos;s price table</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ColourMode</name>
    <message>
        <source>Probability</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entropy (lower bound)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≥ {top} nats (unsure)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0 nats (sure)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not in top {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not listed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rank 1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CompareColumn</name>
    <message>
        <source>Not run: the comparison was stopped before this target&apos;s turn.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameter overrides of this column (JSON)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate this column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove this column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop this column (what arrived is kept)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep this answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add this answer to the conversation as the next assistant turn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the first token…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retrying: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped — the text above is what arrived.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cut off: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept ✓</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TTFT {v}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{v} tok/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>out {v}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>total {v}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≈: estimated until the provider reports usage</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CompareWorkspace</name>
    <message>
        <source>Markdown (*.md)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>▶ Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the conversation to every column (Ctrl+Shift+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>■ Stop all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop every column; what arrived is kept (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parallel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sequential</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parallel: all columns at once. Sequential: one after another, for cleaner timings when the targets share a machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+ Add target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new column (a copy of the conversation&apos;s target to start from)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save or load the columns (targets and overrides) as a comparison set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export as Markdown…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export as JSON…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy as Markdown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The conversation has no messages yet: write one, then Run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt: “{text}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>conversation parameters: {p}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overrides: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick a provider for this column.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix column {which} first: see the message in the column.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The conversation has no messages to send: write one first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a target first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comparison finished: {done} of {n} answered{failed}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, {k} failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>streaming</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>retrying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This column has no answer to keep.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The conversation changed since this comparison ran: run it again to keep an answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing to export: run the comparison first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export comparison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comparison copied as Markdown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The set was not saved: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved the comparison set “{name}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the comparison before loading another set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loaded the comparison set “{name}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save set…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open set file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} ({n} targets)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save comparison set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the set (targets and overrides, never keys):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open comparison set</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Write a message…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role of the message you are adding (system/developer/assistant for prompt crafting)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach images (or drag and drop, or paste)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the message to the conversation without asking the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter sends · Shift+Enter new line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{key} sends · Enter new line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the reply (Esc); what arrived is kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A reply is still streaming: stop it first (Esc).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.gif *.webp)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Confirm</name>
    <message>
        <source>Unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the changes to “%1”?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your changes are lost if you don&apos;t save them.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConversationController</name>
    <message>
        <source>A reply is still streaming: stop it first (Esc).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That answer is not on this branch: switch back to its branch to continue it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now on {branch}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This message is still streaming.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your edit is kept as answer {k} of {n}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait for the reply to finish before inserting above it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConversationPane</name>
    <message>
        <source>Branches of this conversation (&quot;Branch from here&quot; on a message adds one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Branch:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} ({n} messages)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConversationView</name>
    <message>
        <source>No messages yet.

Write below and press {key} to ask the model, or pick a role (system, developer…) and press Add to build a prompt first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DocumentController</name>
    <message>
        <source>Could not export “%1”: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autosave failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not recover unsaved changes: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EntropyChart</name>
    <message>
        <source>Entropy per token (nats; a lower bound: only the listed alternatives are counted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title}. Click to jump to a token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entropy chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entropy per token, lower bound from top-k (0 … {top} nats)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <source>Something went wrong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parley hit an unexpected error and kept running. Your conversation is safe.

{s}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Find in conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous match (Shift+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next match (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no match</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GroupSection</name>
    <message>
        <source>Sampling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Length and stopping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens and probabilities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storage and attribution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HelpPane</name>
    <message>
        <source>Close help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Not available here:&lt;/b&gt; {reason}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InspectorMetrics</name>
    <message>
        <source>No tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} tokens · mean logprob {mean} · perplexity {perplexity} · joint probability {joint} (log {log})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InspectorNotices</name>
    <message>
        <source>The provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This alternative is your edit of an answer: edits have no token probabilities. The model&apos;s own answers are the other alternatives (‹ ›).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This answer failed before any token arrived, so there are no probabilities to show: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{provider} answered {model} with a tool call; providers return log probabilities for text content only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{provider} returned no log probabilities for {model}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{head} Its profile says {model} never returns them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{head} The request did not ask for them: turn on logprobs (and top_logprobs for alternatives) in the sidebar, then regenerate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{head} The request asked for them (logprobs: true) but the answer carried none; some servers ignore the parameter (Ollama, LM Studio, many OpenRouter models).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These are the tokens of the refusal (the answer has no content).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer was cut off; only the tokens that arrived are shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} character(s) arrived merged into one entry each (llama.cpp): their probability and alternatives are those of the character&apos;s last piece.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No alternatives were returned: set top_logprobs (1–20) to see them.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InspectorWidget</name>
    <message>
        <source>Select an assistant answer to inspect its tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour by {mode}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show whitespace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show spaces as ␣, line breaks as ⏎ and tabs as ⇥.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the token table as CSV or JSON.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Least likely tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choice {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Streaming: {n} tokens so far; the full view follows when it finishes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} · choice {k} of {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer is still streaming.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider of this answer is unknown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Banned {target}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Boosted (+{value}) {target}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continuing in a new branch from “{text}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export token table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting {n} tokens…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved the token table to {path}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JsonEditor</name>
    <message>
        <source>Not valid JSON: line {line}, column {column}: {reason}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{default} — JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insert example</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indent the JSON (only when it is valid)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LeastLikelyList</name>
    <message>
        <source>Least likely tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token {n}: logprob {logprob}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Legend</name>
    <message>
        <source>{mode}: dark purple = {left}, yellow = {right}. Grey: no data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour legend, {mode}, from {left} to {right}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LibraryModel</name>
    <message>
        <source>cannot be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>outside the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>just now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yesterday</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LibraryPanel</name>
    <message>
        <source>Search titles and messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every word must appear in the title or in a message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New conversation (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore it from the trash (Ctrl+Z)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move to Trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove from List</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo Move to Trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moved “%1” to the trash.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The library folder could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No conversation matches “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No conversations yet. Press New to start one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo Move to Trash of “%1”</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LocalModelSection</name>
    <message>
        <source>Built-in local model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose GGUF file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use another llama.cpp model file (.gguf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the model file was not found; choose one below</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the model&apos;s server (it starts again with the next send)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load the model now instead of at the first send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model file: none found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a GGUF model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a GGUF model file (.gguf).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LogitBias</name>
    <message>
        <source>this model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{model} uses {encoding}: these token ids are exact.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{provider} has its own tokenizer endpoint, which is not reachable now (start the server or check its URL). These ids come from {encoding}, an approximation: the model would read them as different tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parley has no copy of {model}&apos;s tokenizer and {provider} offers no tokenizer endpoint. These ids come from {encoding} (OpenAI&apos;s encoding), so logit_bias would push on different tokens than the ones shown. Use them only with OpenAI models.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token ids from {provider}&apos;s own tokenizer ({endpoint}): exact for the model the server has loaded.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LogitBiasEditor</name>
    <message>
        <source>token id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bias −100…100</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By word…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type text, see its tokens in the model&apos;s encoding, and bias them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent as: {json}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This conversation sent to several providers and models side by side (Ctrl+Shift+K)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading parameters…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token probabilities of the selected answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider the next request goes to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model of the next request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the API key comes from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input tokens of the next request (counted offline)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;as…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As &amp;Markdown…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As conversation &amp;JSON…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy request as &amp;curl</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The next request as a curl command (the key stays an environment variable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy request as &amp;Python</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The next request as an openai-SDK script (the key stays an environment variable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find in conversation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the composer&apos;s message and ask the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the reply; what arrived is kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Focus the &amp;composer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scroll to the &amp;end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;onversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to the conversation (Ctrl+L also focuses its composer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Compare targets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send this conversation to several providers and models side by side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send &amp;key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter sends (Shift+Enter: new line)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Enter sends (Enter: new line)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Providers &amp;&amp; Keys…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider profiles, API keys and the built-in local model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A reply is still streaming: stop it first (Esc).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer kept as the next turn of the conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This message was typed, not generated: it has no token probabilities.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer is still streaming…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Streaming: the live view pauses for long answers; all of it is shown when it finishes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>logit_bias updated: it applies to the next request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{param} fixed: press Retry on the failed answer to send again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>provider not found: pick one in the sidebar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key: unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key: not set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key: not needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key: {where}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>next request: 0 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>next request: {n} tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>next request: ≈{n} tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save conversation as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request copied as {language}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open the file</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MapEditor</name>
    <message>
        <source>key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+ Add pair</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove this pair</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n}/{limit} pairs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} pairs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: the value {value} has no key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: the key {key} appears twice.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MarkdownView</name>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MessageEditor</name>
    <message>
        <source>Role of this message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Enter saves · Esc cancels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MessageWidget</name>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy this message as text, Markdown or JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit this message&apos;s role and text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regenerate this answer (the current one stays as ‹k/n›)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More: insert, move, branch, delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous alternative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next alternative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy as text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy as Markdown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy as JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insert message above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insert message below</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Branch from here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>edited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped — the text above is what arrived.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retrying: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the first token…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MetricsTable</name>
    <message>
        <source>TTFT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time to first token, measured by Parley</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fastest first token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tok/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output tokens per second after the first token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fastest output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input (prompt) tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output (completion) tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seconds from sending to the last byte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shortest total time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Estimated cost from Parley&apos;s price table (USD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cheapest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Estimated: the provider has not reported usage yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{best} of the targets that finished</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelLists</name>
    <message>
        <source>The built-in local model is not running: it serves the one model it has loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the provider&apos;s base URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the base URL first: {hint}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not list the models: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NextRequestCounter</name>
    <message>
        <source>Counted by the model&apos;s own server (chat template and tokenizer)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OverridesEditor</name>
    <message>
        <source>Parameters that replace the conversation&apos;s for this column only (JSON)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ParamRow</name>
    <message>
        <source>&lt;b&gt;Default:&lt;/b&gt; {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Range:&lt;/b&gt; {range}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Values:&lt;/b&gt; {values}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;At most:&lt;/b&gt; {n} pairs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;At most:&lt;/b&gt; {n} items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Deprecated&lt;/b&gt; — use &lt;code&gt;{name}&lt;/code&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Deprecated&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Not part of the OpenAI API;&lt;/b&gt; accepted by {providers}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Docs:&lt;/b&gt; &lt;a href=&quot;{url}&quot;&gt;{url}&lt;/a&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Docs:&lt;/b&gt; {url}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} (deprecated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>extra</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not part of the OpenAI API: {providers} accept it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept as it was set: {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No value yet: not sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Not available:&lt;/b&gt; {reason}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not sent: {reason}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ParameterSidebar</name>
    <message>
        <source>Extra body must be a JSON object ({&quot;name&quot;: value, …}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} has an editor of its own in the sidebar: set it there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{names} have an editor of its own in the sidebar: set it there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra headers must be name: value pairs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not a valid HTTP header name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The {name} header carries a credential: store the key under Providers &amp; keys instead, where it stays out of files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The value of {name} must be one line of text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be a whole number from {range}, not {value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be a number from {range}, not {value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model id, e.g. gpt-4o-mini</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the conversation is sent (configure in Providers &amp; keys)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave it out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find a parameter…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide parameters this provider and model do not accept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No parameter matches.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{provider} rejected &lt;b&gt;{param}&lt;/b&gt; for {model}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It said: “{message}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send as {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave {param} out for {model}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{model} accepts {values}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not sent: {model} accepts {values}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent as {name} ({model} expects it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{model} returns at most {n}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request ({n} adjusted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tool_choice names {name}, which tools does not define; the API rejects that.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} unavailable</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PresetBar</name>
    <message>
        <source>No preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load a saved parameter set (files in the Parley data folder)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the current parameters as a preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unset every parameter: the provider&apos;s defaults apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete this preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preset name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved “{name}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted “{name}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Same as the preset “{name}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Differs from “{name}” in {n}: {names} &lt;a href=&apos;#diff&apos;&gt;details&lt;/a&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Changes from “{name}”&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PreviewPanel</name>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>approximate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{count}&lt;/b&gt; prompt tokens ({exact}; {encoding})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Adjusted for this provider:&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No adjustments: the parameters are sent as set.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProviderFixes</name>
    <message>
        <source>every model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{param} is left out for {who} on {provider} (you chose this after a rejection).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{param} is sent as {new_name} for {who} on {provider} (you chose this after a rejection).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProvidersDialog</name>
    <message>
        <source>Extra headers, line {n}: write one header per line as “Name: value”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Providers &amp; Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Providers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add an OpenAI-compatible provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete this custom provider (built-in ones cannot be deleted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bearer token (Authorization header)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>api-key header (Azure style)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional, e.g. MY_PROVIDER_API_KEY</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra headers, one per line: Name: value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the name, base URL and headers of this custom provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate as custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy this provider into a custom one you can edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key variable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Headers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store the key in the system keyring; it is never shown again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete this provider&apos;s key from the system keyring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the provider for its models (GET /models)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload the model list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection and models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key is stored when you save the provider.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Built-in provider: use “Duplicate as custom” to change its settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This provider needs no key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste a key to store it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No key needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No key needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No key: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste a new key to replace the stored one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No system keyring is available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (custom)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the provider a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The base URL must start with http:// or https://.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A provider with the id “%1” exists already: choose another name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete “%1” and its stored key?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not set up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The built-in local model is not running (%1): start it below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the provider&apos;s base URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the base URL first: %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReasoningSection</name>
    <message>
        <source>Show or hide the model&apos;s reasoning (never sent back to it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reasoning ({n} words)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RefusalBox</name>
    <message>
        <source>Refusal</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RequestPreview</name>
    <message>
        <source>The built-in server picks its port when it starts; the URL shows &lt;port&gt; until then.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The API key is never shown: {placeholder} stands for it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no message yet: the body shows an empty user message in its place.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResponseFormatEditor</name>
    <message>
        <source>not set (text)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a-z, A-Z, 0-9, _ and -, at most 64</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional: what the format is for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>strict: always follow the schema exactly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>response_format json_schema needs a schema.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The schema is not valid JSON Schema: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SafeTextBrowser</name>
    <message>
        <source>Open link?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open this address in your web browser?

{url}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SchemaCheck</name>
    <message>
        <source>The schema must be a JSON object, not {type}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path}: strict mode needs &quot;additionalProperties&quot;: false.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path}: strict mode needs every property in &quot;required&quot; (missing: {names}).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusRow</name>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the same request again</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StreamOptionsEditor</name>
    <message>
        <source>left out</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TargetPicker</name>
    <message>
        <source>Provider of this column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model of this column: type one or pick from the provider&apos;s list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List the provider&apos;s models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base URL, e.g. http://127.0.0.1:8080/v1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This provider needs the address of its server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{id} (unknown provider)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This provider is not set up on this machine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listing the models of {name}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: {count}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TextListEditor</name>
    <message>
        <source>add a sequence (\n = line break)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not set (\n = line break)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TokenDetails</name>
    <message>
        <source>Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probability</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logprob</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Part of a character: with the bytes around it, it makes {character}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Part of a character: followed by the next token&apos;s bytes it would make {character}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Part of a character whose other bytes would have come from the next token(s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer is shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a token to see its alternatives.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ban</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Boost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The logit_bias a boost adds (1 to 100).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>and regenerate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue with this alternative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{character}  ·  token {k} of {n} ‹{bytes}›</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Id ({vocabulary})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The {n} listed alternatives cover {share} of the probability.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The {n} listed alternatives cover {share} of the probability; the chosen token is not among them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider listed no alternatives for this token (top_logprobs was 0).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ban {token}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Boost {token}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To continue with an alternative, select it in the table.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a new branch from the text up to this token plus the selected alternative, and let the model continue from there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ban sets logit_bias -100 for the selected token&apos;s id; boost adds the value.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TokenFacts</name>
    <message>
        <source>rank {rank} of {listed}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not among the {listed} listed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no alternatives listed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{token}   {probability} · logprob {logprob} · {rank}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bytes {bytes} · id {id} ({vocabulary})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model vocabulary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bytes {bytes}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entropy ≥ {entropy} nats · alternatives cover {share}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>token {k} of {n} of the character {character} (each token keeps its own probability)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>merged by the provider: {token} came as one entry; the probability and alternatives are those of its last piece ({bytes})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TokenFlowView</name>
    <message>
        <source>Answer tokens coloured by probability</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ToolCallCard</name>
    <message>
        <source>Tool call: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The arguments are not valid JSON (shown as received).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ToolChoiceEditor</name>
    <message>
        <source>not set (auto with tools, none without)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>as in the file: {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{choice} (not in tools)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ValueEditor</name>
    <message>
        <source>not set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default ({value})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WordPanel</name>
    <message>
        <source>Text to bias, e.g.  Paris</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bias</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set all to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give every token of the text this bias (−100 bans, 100 forces, 0 removes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a provider and a model to see token ids.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking {provider} for its token ids…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{provider}&apos;s tokenizer did not answer ({error}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bias for token {id}; 0 leaves it out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} tokens in {source} (the first {shown} are listed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 token in {source}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} tokens in {source}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count}. {explanation}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_Thumbnail</name>
    <message>
        <source>{w}×{h} image, {kb} KB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove this image</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
