"""The checks of the real state: images in the engine, logins in Docker's config, manifests in a registry.
Each reads through the check context (one Docker client, one registry session, one read of config.json per
command) and returns a Verdict with what it expected and what it found; nothing here prints."""

from __future__ import annotations

import time

from tutor.checks.context import CheckContext
from tutor.checks.diagnoses import other_spellings, shown_registry
from tutor.checks.verdict import Message, Verdict, clock, verdict
from tutor.docker.config import config_path
from tutor.docker.engine import LocalImage
from tutor.reference import ImageRef, InvalidReference, familiar, registry_auth_key


def short_id(image_id: str) -> str:
    """As `docker images` prints IMAGE ID."""
    return image_id.removeprefix("sha256:")[:12]


def _parse(ref: str) -> ImageRef | Message:
    try:
        return ImageRef.parse(ref)
    except InvalidReference as error:
        return Message("check.found.invalid_ref", {"ref": ref, "error": str(error)})


def _local_image(ctx: CheckContext, ref: str) -> tuple[ImageRef, LocalImage] | Message:
    """`ref` parsed and found in the engine, or what was found instead (not a reference, no such image)."""
    parsed = _parse(ref)
    if isinstance(parsed, Message):
        return parsed
    image = ctx.docker.image(parsed.familiar())
    if image is None:
        return Message("check.found.no_image", {"ref": parsed.familiar()})
    return parsed, image


def image_exists(ctx: CheckContext, ref: str) -> Verdict:
    args = {"ref": ref}
    expected = Message("check.image_exists.expected", args)
    found = _local_image(ctx, ref)
    if isinstance(found, Message):
        return verdict("image_exists", args, False, expected, found)
    parsed, image = found
    return verdict("image_exists", args, True, expected,
                    Message("check.found.image", {"ref": parsed.familiar(), "id": short_id(image.id)}))


def same_image(ctx: CheckContext, a: str, b: str) -> Verdict:
    args = {"a": a, "b": b}
    expected = Message("check.same_image.expected", args)
    refs = [_parse(a), _parse(b)]
    for parsed in refs:
        if isinstance(parsed, Message):
            return verdict("same_image", args, False, expected, parsed)
    ra, rb = refs
    ia, ib = ctx.docker.image(ra.familiar()), ctx.docker.image(rb.familiar())
    if ia is None and ib is None:
        found = Message("check.found.neither", {"a": ra.familiar(), "b": rb.familiar()})
    elif ia is None or ib is None:
        there, missing = (ra, rb) if ib is None else (rb, ra)
        found = Message("check.found.only", {"present": there.familiar(), "missing": missing.familiar()})
    elif ia.id == ib.id:
        found = Message("check.found.same", {"a": ra.familiar(), "b": rb.familiar(), "id": short_id(ia.id)})
    else:
        found = Message("check.found.different", {"a": ra.familiar(), "id_a": short_id(ia.id),
                                                  "b": rb.familiar(), "id_b": short_id(ib.id)})
    return verdict("same_image", args, ia is not None and ib is not None and ia.id == ib.id, expected, found)


def logged_in(ctx: CheckContext, registry: str) -> Verdict:
    args = {"registry": registry}
    expected = Message("check.logged_in.expected", args)
    login = ctx.login_for(registry)
    if login is None:
        others = other_spellings(registry, ctx.stored_logins())
        if others:  # logged in, but under a spelling of the address that Docker will not use for this one
            return verdict("logged_in", args, False, expected,
                            Message("check.found.login_other_spelling",
                                    {"registry": shown_registry(registry_auth_key(registry)),
                                     "other": shown_registry(others[0].registry)}))
        found = {"registry": registry_auth_key(registry), "path": str(config_path())}
        unreachable = ctx.engine_cannot_reach(registry)  # then no `docker login` can succeed: say why
        if unreachable:
            return verdict("logged_in", args, False, expected, Message(
                "check.found.no_login_unreachable", {**found, "address": registry, "error": unreachable}))
        return verdict("logged_in", args, False, expected, Message("check.found.no_login", found))
    return verdict("logged_in", args, True, expected,
                    Message("check.found.login", {"registry": login.registry, "user": login.username or "?",
                                                  "source": login.source}))


def in_registry(ctx: CheckContext, ref: str) -> Verdict:
    args = {"ref": ref}
    expected = Message("check.in_registry.expected", args)
    parsed = _parse(ref)
    if isinstance(parsed, Message):
        return verdict("in_registry", args, False, expected, parsed)
    answer = ctx.registry.manifest(parsed)
    if answer.status in ("missing", "unauthorized", "denied"):
        # Logged in under another spelling of this registry: Docker pushed (or will push) without a login. The
        # push's own output has a hint for that; a verdict is read without one (`why`, --watch), so it says it.
        others = other_spellings(parsed.domain, ctx.stored_logins())
        if others:
            return verdict("in_registry", args, False, expected,
                            Message("check.found.push_login_other_spelling",
                                    {"ref": parsed.familiar(), "registry": parsed.domain,
                                     "other": shown_registry(others[0].registry)}))
    if answer.status == "missing":
        unreachable = ctx.engine_cannot_reach(parsed.domain)  # then no `docker push` can get there: say why
        if unreachable:
            return verdict("in_registry", args, False, expected,
                            Message("check.found.push_unreachable", {"ref": parsed.familiar(),
                                                                     "registry": parsed.domain, "error": unreachable}))
        return verdict("in_registry", args, False, expected,
                        Message("check.found.not_in_registry", {"ref": parsed.familiar()}))
    if answer.status in ("unauthorized", "denied"):
        return verdict("in_registry", args, False, expected,
                        Message("check.found.registry_refused", {"ref": parsed.familiar(), "registry": parsed.domain}))
    local = ctx.docker.image(parsed.familiar())
    if local is None:
        return verdict("in_registry", args, False, expected,
                        Message("check.found.remote_but_no_local", {"ref": parsed.familiar(), "digest": answer.digest}))
    if _is_local_image(ctx, parsed, answer.digest, local):
        return verdict("in_registry", args, True, expected,
                        Message("check.found.in_registry", {"ref": parsed.familiar(), "digest": answer.digest}))
    return verdict("in_registry", args, False, expected,
                    Message("check.found.digest_mismatch", {"ref": parsed.familiar(), "digest": answer.digest,
                                                            "id": short_id(local.id)}))


def _is_local_image(ctx: CheckContext, ref: ImageRef, digest: str, local: LocalImage) -> bool:
    """Whether the manifest `digest` in the registry is the local image. What identifies an image is its config
    (the IMAGE ID), not the manifest: skopeo, podman and buildah compress layers differently, and Docker too
    may push one image under two manifest digests. Docker's own record of this push answers without asking
    the registry again; else the manifest's config (for an index: any child's) must be the IMAGE ID."""
    for repo_digest in local.repo_digests:
        try:
            other = ImageRef.parse(repo_digest)
        except InvalidReference:
            continue
        if other.name == ref.name and other.digest == digest:
            return True
    if digest == local.id:  # Docker's containerd image store: the IMAGE ID is the manifest's (or index's) digest
        return True
    return local.id in ctx.registry.config_digests(ref, digest)




# --- course: versions, digests and what the engine did ------------------------------------------------------
def registry_same_digest(ctx: CheckContext, a: str, b: str) -> Verdict:
    """Asks the registry itself: the local DIGEST column repeats one digest on every tag of an image in a
    repository, so it cannot tell whether a tag was pushed, nor where it points in the registry."""
    args = {"a": a, "b": b}
    expected = Message("check.registry_same_digest.expected", args)
    digests = []
    for text in (a, b):
        parsed = _parse(text)
        digest = parsed if isinstance(parsed, Message) else _registry_digest(ctx, parsed)
        if isinstance(digest, Message):
            return verdict("registry_same_digest", args, False, expected, digest)
        digests.append((parsed.familiar(), digest))
    (ra, da), (rb, db) = digests
    if da == db:
        return verdict("registry_same_digest", args, True, expected, Message("check.found.same_digest", {"digest": da}))
    return verdict("registry_same_digest", args, False, expected,
                    Message("check.found.other_digests", {"a": ra, "digest_a": da, "b": rb, "digest_b": db}))


def _registry_digest(ctx: CheckContext, ref: ImageRef) -> str | Message:
    """The digest the registry has for `ref`, or what was found instead (not there, refused)."""
    answer = ctx.registry.manifest(ref)
    if answer.status == "found" and answer.digest:
        return answer.digest
    if answer.status == "missing":
        return Message("check.found.not_in_registry", {"ref": ref.familiar()})
    return Message("check.found.registry_refused", {"ref": ref.familiar(), "registry": ref.domain})


def built_from(ctx: CheckContext, ref: str, base: str) -> Verdict:
    """An image built on another starts with the other's layers (RootFS) and is another image: a build that
    only changes the configuration (LABEL, ENV) adds no layer, a second name for the same image is no build."""
    args = {"ref": ref, "base": base}
    expected = Message("check.built_from.expected", args)
    images = []
    for text in (ref, base):
        found = _local_image(ctx, text)
        if isinstance(found, Message):
            return verdict("built_from", args, False, expected, found)
        images.append(found[1])
    built, under = images
    values = {"ref": ref, "base": base, "id": short_id(built.id)}
    if built.id == under.id:
        return verdict("built_from", args, False, expected, Message("check.found.only_renamed", values))
    if built.layers[:len(under.layers)] != under.layers:
        return verdict("built_from", args, False, expected, Message("check.found.not_built_on", values))
    more = len(built.layers) - len(under.layers)
    found = (Message("check.found.built_on", {**values, "base_layers": len(under.layers), "more": more}) if more
             else Message("check.found.built_on_config", values))
    return verdict("built_from", args, True, expected, found)


def pulled(ctx: CheckContext, ref: str, by: str = "tag", after: str | None = None) -> Verdict:
    """A pull leaves no trace in the final state when the image was already here (`Image is up to date`), and
    `docker rmi` then `docker pull` restores the state exactly: only the engine's own log of image events shows
    them. Read since the lesson began (the context's `since`)."""
    args = {"ref": ref, **({"by": by} if by != "tag" else {}), **({"after": after} if after else {})}
    key = "expected_removal" if after else "expected_digest" if by == "digest" else "expected"
    expected = Message(f"check.pulled.{key}", {"ref": ref})
    parsed = _parse(ref)
    if isinstance(parsed, Message):
        return verdict("pulled", args, False, expected, parsed)
    wanted = parsed
    if by == "digest":
        digest = _registry_digest(ctx, parsed)
        if isinstance(digest, Message):
            return verdict("pulled", args, False, expected, digest)
        wanted = ImageRef(parsed.domain, parsed.path, None, digest)
    since = ctx.since or 0.0
    history = ctx.docker.image_history(since, time.time())
    pulls = [event for event in history if event.action == "pull"]
    matching = [event for event in pulls if _same_pull(event.actor, wanted)]
    when = clock(since) if ctx.since else "-"
    if not matching:
        if pulls:
            shown = ", ".join(dict.fromkeys(familiar(event.actor) for event in pulls))
            return verdict("pulled", args, False, expected, Message(
                "check.found.pulls_other", {"time": when, "pulled": shown, "ref": wanted.familiar()}))
        return verdict("pulled", args, False, expected,
                        Message("check.found.no_pull", {"ref": wanted.familiar(), "time": when}))
    last = matching[-1]
    if after == "removal":
        local = ctx.docker.image(parsed.familiar())
        removed = local is not None and any(
            event.action in ("untag", "delete") and event.actor == local.id and event.at <= pull.at
            for pull in matching for event in history)
        if not removed:
            return verdict("pulled", args, False, expected, Message(
                "check.found.pulled_not_removed", {"pulled": familiar(last.actor), "time": clock(last.at)}))
    return verdict("pulled", args, True, expected,
                    Message("check.found.pulled", {"pulled": familiar(last.actor), "time": clock(last.at)}))


def _same_pull(actor: str, wanted: ImageRef) -> bool:
    """The engine records a pull as the reference pulled (`:latest` added; a `name:tag@digest` pull names the
    digest); compared as Docker normalises names, so `docker.io/library/x` is `x`."""
    try:
        pulled_ref = ImageRef.parse(actor)
    except InvalidReference:
        return False
    if pulled_ref.name != wanted.name:
        return False
    if wanted.digest:
        return pulled_ref.digest == wanted.digest
    return pulled_ref.digest is None and pulled_ref.tag_or_latest == wanted.tag_or_latest
