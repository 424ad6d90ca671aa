"""The lesson's practice image (`practice_image` in its lesson.yaml), made offline from nothing: `docker
import` of a small tarball holding a static busybox when the machine has one, and the files of the lesson's
context folder. Labelled, so the tutor can tell the practice images it made from the learner's own: the
label is the tutor's mark, the same for every lesson, which is why a lesson does not declare it."""

from __future__ import annotations

import io
import json
import shutil
import tarfile
from pathlib import Path

from tutor.docker.engine import DockerEnv, LocalImage
from tutor.errors import PracticeError
from tutor.lesson.model import Lesson, PracticeImage

PRACTICE_LABEL = "io.github.container-tutor.practice"


def _tarball(directory: Path, image: PracticeImage) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        busybox = shutil.which("busybox")
        if busybox:
            tar.add(busybox, arcname="bin/busybox")
        if image.context:
            context = directory / image.context
            for path in sorted(p for p in context.rglob("*") if p.is_file()):
                data = path.read_bytes()
                # Under /app whatever the folder is called or wherever it is (`../first-lesson/app`), as
                # writing-lessons.md says: the image's command names /app.
                info = tarfile.TarInfo(str(Path("app") / path.relative_to(context)))
                info.size = len(data)
                info.mode = 0o644
                tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def make_practice_image(docker_env: DockerEnv, directory: Path, image: PracticeImage) -> bool:
    """Makes `image` (from the lesson in `directory`) when no image has its name. Never replaces the
    learner's own. True if made."""
    if docker_env.image(f"{image.name}:latest") is not None:
        return False
    changes = [f'LABEL {PRACTICE_LABEL}="1"']
    if image.command:
        changes.append(f"CMD {json.dumps(list(image.command))}")
    docker_env.import_image(_tarball(directory, image), repository=image.name, tag="latest", changes=changes)
    return True


def ensure_practice_image(docker_env: DockerEnv, lesson: Lesson) -> bool:
    """The lesson's practice image, made if missing; False when it was there or the lesson declares none."""
    if lesson.practice_image is None:
        return False
    return make_practice_image(docker_env, lesson.directory, lesson.practice_image)


def is_practice_image(image: LocalImage | None) -> bool:
    return image is not None and image.labels.get(PRACTICE_LABEL) == "1"


def build_real_app(docker_env: DockerEnv, lesson: Lesson) -> bool:
    """Builds the lesson's real app (its context folder's Dockerfile); needs the internet for the base image
    and packages. False when the lesson declares no practice image to build."""
    image = lesson.practice_image
    if image is None or image.context is None:
        return False
    failed = docker_env.build(str(lesson.directory / image.context), f"{image.name}:latest")
    if failed is not None:
        raise PracticeError("practice.start_failed", log=failed[-300:])
    return True
