"""`parley`: the command line on the same engine as the window.

    parley                      open the window (built-in local model when no key is configured)
    parley FILE                 open a conversation in the window
    parley run FILE ...         stream the next assistant turn to stdout and append it to FILE
    parley compare FILE -t ...  run one prompt against several targets, print metrics
    parley keys set|delete|list, parley providers, parley models PROVIDER, parley local fetch|status

Exit codes: 0 ok; 2 usage or invalid file; 3 API error; 4 network or timeout; 130 interrupted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import getpass
import json
import logging
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from parley import __version__
from parley.api.errors import APIError
from parley.core import events as ev
from parley.core import files, params
from parley.core.conversation import Conversation, Generation, Target

EXIT_OK, EXIT_USAGE, EXIT_API, EXIT_NETWORK, EXIT_INTERRUPTED = 0, 2, 3, 4, 130
SUBCOMMANDS = {"run", "compare", "keys", "providers", "models", "local", "-h", "--help", "--version"}


class UsageError(Exception):
    """Bad arguments or an unreadable file: exit code 2 with this message."""


def _parse_sets(pairs: Sequence[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        if not sep or not key:
            raise UsageError(f"--set expects KEY=VALUE, got {pair!r}")
        try:
            out[key] = params.parse_cli_value(key, text)
        except params.ParamError as exc:
            raise UsageError(str(exc)) from None
        except KeyError as exc:  # UnknownParamError: its message is the first argument
            raise UsageError(str(exc.args[0]) if exc.args else f"unknown parameter {key!r}") from None
    return out


def _load(path: Path) -> Conversation:
    try:
        return files.load(path)
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except files.ConversationFileError as exc:
        message = str(exc)
        raise UsageError(message if path.name in message else f"{path}: {message}") from None


def _apply_target(conv: Conversation, args: argparse.Namespace) -> None:
    if args.provider:
        conv.target = Target(provider=args.provider, model=conv.target.model, base_url=None)
    if args.base_url:
        conv.target.base_url = args.base_url
    if args.model:
        conv.target.model = args.model
    conv.params.update(_parse_sets(args.set))
    if args.no_stream:
        conv.params["stream"] = False


# -- run -------------------------------------------------------------------------


class _Stdout:
    """Streams reply text to stdout; a closed pipe (`| head`) stops the printing, never the run or the save."""

    def __init__(self) -> None:
        self.open = True
        self.wrote = False

    def write(self, text: str) -> None:
        if not self.open or not text:
            return
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
            self.wrote = True
        except (BrokenPipeError, OSError):
            self.open = False
            with contextlib.suppress(OSError):  # stop Python's own flush at exit from complaining too
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _options(args: argparse.Namespace) -> Any:
    from parley.services.runner import RunOptions

    return RunOptions(connect_timeout=args.connect_timeout, read_timeout=args.read_timeout,
                      max_retries=args.max_retries)


async def _cmd_run(args: argparse.Namespace) -> int:
    from parley.services.runner import Runner, RunSetupError

    path = Path(args.file)
    conv = _load(path)
    _apply_target(conv, args)
    runner = Runner()
    try:
        if args.dry_run:
            return await _dry_run(runner, conv)
        if not conv.messages:
            raise UsageError(f"{path} has no messages to send")
        out = _Stdout()

        def on_event(event: ev.RunEvent) -> None:
            if isinstance(event, ev.TextDelta) and event.choice == 0:
                out.write(event.text)
            elif isinstance(event, ev.Retrying):
                print(f"\n[retrying in {event.delay:.1f}s: {event.reason}]", file=sys.stderr)
            elif isinstance(event, ev.RunStarted):
                for note in event.adjustments:
                    print(f"[adjusted] {note}", file=sys.stderr)

        handle = runner.start(conv, on_event=on_event, options=_options(args))
        loop = asyncio.get_running_loop()
        with contextlib.suppress(NotImplementedError, RuntimeError):  # Windows: KeyboardInterrupt path below
            loop.add_signal_handler(signal.SIGINT, handle.cancel)
        try:
            gen = await handle.wait()
        except KeyboardInterrupt:
            handle.cancel()
            gen = await handle.wait()
        finally:
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(signal.SIGINT)

        # Save before printing anything else: whatever happens to stdout, the reply is kept.
        has_output = any(c.has_output for c in gen.choices)
        if not has_output and (gen.error or handle.cancelled):
            conv.messages.remove(handle.message)  # nothing arrived: leave the file as it was
        else:
            target = Path(args.out) if args.out else path
            try:
                files.save(conv, target, request_body=await runner.next_request(conv))
            except files.ConversationFileError as exc:
                print(f"parley: {exc.user_message}", file=sys.stderr)
                return EXIT_USAGE
        if out.wrote:
            out.write("\n")
        for extra in gen.choices[1:]:
            out.write(f"\n--- choice {extra.index} ---\n{extra.content or ''}\n")
        if gen.error:
            print(f"parley: {gen.error}", file=sys.stderr)
        if handle.cancelled:
            print("parley: interrupted; the partial reply was saved" if has_output else "parley: interrupted",
                  file=sys.stderr)
            return EXIT_INTERRUPTED
        return _exit_code(gen)
    except RunSetupError as exc:
        print(f"parley: {exc.user_message}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        await runner.aclose()


def _exit_code(gen: Generation) -> int:
    if not gen.error:
        return EXIT_OK
    return {"network": EXIT_NETWORK, "setup": EXIT_USAGE, "internal": 1}.get(gen.error_kind or "", EXIT_API)


async def _dry_run(runner: Any, conv: Conversation) -> int:
    resolved = await runner.resolve(conv, start_local=False)
    shown = runner.build(conv, resolved, require_key=False).redacted()  # a key in the URL or body is masked too
    print(f"POST {shown['url']}")
    for name, value in shown["headers"].items():
        print(f"{name}: {value}")
    print()
    print(json.dumps(shown["body"], ensure_ascii=False, indent=2))
    for note in shown["adjustments"]:
        print(f"[adjusted] {note}", file=sys.stderr)
    return EXIT_OK


# -- compare ---------------------------------------------------------------------


def parse_target_spec(spec: str) -> Any:
    """``PROVIDER[:MODEL][?KEY=VALUE&KEY=VALUE]`` -> CompareTarget; values validated by the catalog."""
    from parley.services.compare import CompareTarget

    head, _, query = spec.partition("?")
    provider, _, model = head.partition(":")
    if not provider:
        raise UsageError(f"--target expects PROVIDER[:MODEL][?KEY=VALUE&...], got {spec!r}")
    overrides = _parse_sets([f"{k}={v}" for k, v in parse_qsl(query, keep_blank_values=True)]) if query else {}
    return CompareTarget(label=spec, target=Target(provider=provider, model=model), params=overrides)


def _fmt(value: float | None, pattern: str) -> str:
    return "—" if value is None else pattern.format(value)


async def _cmd_compare(args: argparse.Namespace) -> int:
    from parley.services.compare import compare
    from parley.services.runner import Runner

    conv = _load(Path(args.file))
    conv.params.update(_parse_sets(args.set))
    targets = [parse_target_spec(s) for s in args.target]
    for t in targets:
        t.target.base_url = t.target.base_url or args.base_url
    if not targets:
        raise UsageError("compare needs at least one --target PROVIDER[:MODEL][?KEY=VALUE&...]")
    if not conv.messages:
        raise UsageError(f"{args.file} has no messages to send")
    runner = Runner()
    try:
        results = await compare(runner, conv, targets, mode=args.mode, options=_options(args))
    finally:
        await runner.aclose()
    if args.json:
        rows = [{"target": r.label, "model": r.generation.model, "text": r.text, "error": r.generation.error,
                 **vars(r.metrics)} for r in results]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        header = f"{'target':<40} {'TTFT':>7} {'tok/s':>8} {'in':>6} {'out':>6} {'cost $':>9}  finish"
        print(header)
        print("-" * len(header))
        for r in results:
            m = r.metrics
            print(f"{r.label[:40]:<40} {_fmt(m.ttft, '{:.2f}s'):>7} {_fmt(m.tokens_per_second, '{:.1f}'):>8} "
                  f"{_fmt(m.prompt_tokens, '{}'):>6} {_fmt(m.completion_tokens, '{}'):>6} "
                  f"{_fmt(m.cost, '{:.5f}'):>9}  {(r.generation.error and 'error') or m.finish_reason or '—'}")
        for r in results:
            print(f"\n=== {r.label} ({r.generation.model or '?'}) ===")
            print(r.generation.error if r.generation.error else r.text)
    errors = [r.generation for r in results if r.generation.error]
    return _exit_code(errors[0]) if errors else EXIT_OK


# -- keys, providers, models, local ---------------------------------------------------


def _cmd_keys(args: argparse.Namespace) -> int:
    from parley.core.providers import load_profiles
    from parley.secrets import KeyStore, KeyStoreError

    store = KeyStore()
    profiles = load_profiles()
    if args.action == "list":
        if not store.available:
            print(f"note: {store.unavailable_reason}", file=sys.stderr)
        ids = [args.provider] if args.provider else sorted(profiles)
        for pid in ids:
            profile = profiles.get(pid)
            status = store.status(pid, profile.key_env if profile else None)
            print(f"{pid:<14} {status.detail if status.source else 'no key'}")
        return EXIT_OK
    if not args.provider:
        raise UsageError(f"keys {args.action} needs a PROVIDER (one of: {', '.join(sorted(profiles))})")
    if args.provider not in profiles:
        raise UsageError(f"unknown provider {args.provider!r}; see `parley providers`")
    if args.action == "delete":
        try:
            store.delete(args.provider)
        except KeyStoreError as exc:
            print(f"parley: {exc.user_message}", file=sys.stderr)
            return EXIT_USAGE
        print(f"deleted the key for {args.provider}")
        return EXIT_OK
    if sys.stdin.isatty():
        key = getpass.getpass(f"API key for {args.provider} (input hidden): ")
    else:
        key = sys.stdin.readline()
    key = key.strip()
    if not key:
        raise UsageError("no key given (nothing was stored)")
    if not store.available:  # a session-only key would vanish when this command exits
        profile = profiles[args.provider]
        hint = f" Set {profile.key_env} in your environment instead." if profile.key_env else ""
        print(f"parley: nothing was stored. {store.unavailable_reason}{hint}", file=sys.stderr)
        return EXIT_USAGE
    result = store.set(args.provider, key)
    print(f"{args.provider}: {result.detail}")
    return EXIT_OK


def _cmd_providers(_args: argparse.Namespace) -> int:
    from parley.core.providers import load_profiles
    from parley.secrets import KeyStore

    store = KeyStore()
    for pid, p in load_profiles().items():
        key = store.status(pid, p.key_env) if p.auth != "none" else None
        key_text = "no key needed" if key is None else (key.detail if key.source else f"no key ({p.key_env or 'set one'})")
        print(f"{pid:<14} {p.name:<24} {p.base_url or '(set a base URL)':<48} {key_text}")
    return EXIT_OK


async def _cmd_models(args: argparse.Namespace) -> int:
    from parley.core.request import request_headers
    from parley.services.runner import Runner

    conv = Conversation(target=Target(provider=args.provider, model="-", base_url=args.base_url))
    runner = Runner()
    try:
        resolved = await runner.resolve(conv)
        headers = request_headers(resolved.profile, resolved.api_key, require_key=False)
        models = await runner.client.list_models(resolved.base_url, headers)
    finally:
        await runner.aclose()
    for m in sorted(models, key=lambda m: str(m.get("id"))):
        print(m.get("id"))
    return EXIT_OK


def _cmd_local(args: argparse.Namespace) -> int:
    from parley.api import local

    if args.action == "fetch":
        path = local.fetch_default_model(progress=lambda msg: print(msg, file=sys.stderr))
        print(path)
        return EXIT_OK
    ok, reason = local.local_available()
    print(f"model: {local.default_model_path() or '(none)'}")
    print("ready to start" if ok else f"unavailable: {reason}")
    return EXIT_OK if ok else EXIT_USAGE


# -- entry point -------------------------------------------------------------------------


def _add_transport_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--connect-timeout", type=float, metavar="SECONDS", help="connect timeout (default 10)")
    parser.add_argument("--read-timeout", type=float, metavar="SECONDS",
                        help="give up when no data arrives for this long (default 120)")
    parser.add_argument("--max-retries", type=int, metavar="N",
                        help="retries before any output arrived (default 2)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="parley", description="A playground for OpenAI-compatible Chat Completions APIs.")
    parser.add_argument("--version", action="version", version=f"parley {__version__}")
    sub = parser.add_subparsers(dest="command")

    run = sub.add_parser("run", help="send FILE's conversation and append the reply")
    run.add_argument("file", help="a .parley.json conversation, a bare request JSON or a messages array")
    run.add_argument("--out", help="write the result here instead of updating FILE")
    run.add_argument("--provider", help="provider profile id (see `parley providers`)")
    run.add_argument("--base-url", help="override the provider's base URL")
    run.add_argument("--model", help="model id")
    run.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                     help="set a request parameter (JSON values parse as JSON), e.g. --set temperature=0.2")
    run.add_argument("--dry-run", action="store_true", help="print the exact request (key redacted); send nothing")
    run.add_argument("--no-stream", action="store_true", help="ask for a non-streamed response")
    _add_transport_flags(run)

    cmp_ = sub.add_parser("compare", help="run FILE against several targets and print metrics")
    cmp_.add_argument("file")
    cmp_.add_argument("-t", "--target", action="append", default=[], metavar="PROVIDER[:MODEL][?K=V&...]",
                      help="a target, e.g. local or openai:gpt-4o-mini?temperature=0.2 (repeat)")
    cmp_.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="parameters for every target")
    cmp_.add_argument("--base-url", help="base URL for targets whose provider has none (custom endpoints)")
    cmp_.add_argument("--mode", choices=("parallel", "sequential"), default="parallel")
    cmp_.add_argument("--json", action="store_true", help="machine-readable output")
    _add_transport_flags(cmp_)

    keys = sub.add_parser("keys", help="manage API keys in the OS keyring")
    keys.add_argument("action", choices=("set", "delete", "list"))
    keys.add_argument("provider", nargs="?")

    sub.add_parser("providers", help="list provider profiles and where their keys come from")

    models = sub.add_parser("models", help="list a provider's models (GET /models)")
    models.add_argument("provider")
    models.add_argument("--base-url")

    local_p = sub.add_parser("local", help="the built-in local model")
    local_p.add_argument("action", choices=("fetch", "status"))
    return parser


def _open_window(argv: Sequence[str]) -> int:
    try:
        from parley.ui.app import main as ui_main
    except ImportError as exc:
        print(f"parley: the window cannot start ({exc}). Try `parley run FILE` for the command line.", file=sys.stderr)
        return EXIT_USAGE
    return ui_main(list(argv))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--parley-local-server"]:  # a frozen app acting as the built-in model's server child
        from parley.api.local import main as local_main

        return local_main(argv[1:])
    if argv[:1] == ["--parley-stream-worker"]:  # a frozen app acting as the window's stream reader
        from parley.api.stream_worker import main as worker_main

        return worker_main()
    logging.basicConfig(level=logging.WARNING, format="parley: %(message)s")
    if not argv or argv[0] not in SUBCOMMANDS:
        return _open_window(argv)
    args = build_parser().parse_args(argv)
    try:
        if args.command == "run":
            return asyncio.run(_cmd_run(args))
        if args.command == "compare":
            return asyncio.run(_cmd_compare(args))
        if args.command == "keys":
            return _cmd_keys(args)
        if args.command == "providers":
            return _cmd_providers(args)
        if args.command == "models":
            return asyncio.run(_cmd_models(args))
        if args.command == "local":
            return _cmd_local(args)
    except UsageError as exc:
        print(f"parley: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except APIError as exc:  # outside a run, e.g. listing models
        from parley.services.runner import NETWORK_ERRORS

        print(f"parley: {exc}", file=sys.stderr)
        return EXIT_NETWORK if isinstance(exc, NETWORK_ERRORS) else EXIT_API
    except Exception as exc:
        from parley.services.runner import RunSetupError

        if isinstance(exc, RunSetupError):
            print(f"parley: {exc.user_message}", file=sys.stderr)
            return EXIT_USAGE
        raise
    return EXIT_USAGE
