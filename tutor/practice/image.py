"""The practice image `fastapi-app`, made offline from nothing (`docker import` of a small tarball: a
static busybox when the machine has one, and the lesson's app source), labelled so the tutor can tell
practice images from the learner's own."""

from __future__ import annotations

import io
import shutil
import tarfile
from importlib import resources

PRACTICE_LABEL = "io.github.container-tutor.practice"


def _tarball() -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        busybox = shutil.which("busybox")
        if busybox:
            tar.add(busybox, arcname="bin/busybox")
        app = resources.files("tutor") / "lessons" / "docker-push" / "app"
        for name in ("main.py", "requirements.txt", "Dockerfile"):
            entry = app / name
            if entry.is_file():
                data = entry.read_bytes()
                info = tarfile.TarInfo(f"app/{name}")
                info.size = len(data)
                info.mode = 0o644
                tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def ensure_practice_image(docker_env, name: str = "fastapi-app") -> bool:
    """Makes `name:latest` when no image has that name. Never replaces the learner's own. True if made."""
    if docker_env.image(f"{name}:latest") is not None:
        return False
    docker_env.import_image(_tarball(), repository=name, tag="latest",
                            changes=[f'LABEL {PRACTICE_LABEL}="1"', 'CMD ["/bin/busybox", "cat", "/app/main.py"]'])
    return True


def is_practice_image(image) -> bool:
    return image is not None and image.labels.get(PRACTICE_LABEL) == "1"


def build_real_app(docker_env, name: str = "fastapi-app") -> bool:
    """Builds the lesson's real FastAPI app (`app/`); needs the internet for its base image and packages."""
    from tutor.errors import PracticeError

    app = resources.files("tutor") / "lessons" / "docker-push" / "app"
    failed = docker_env.build(str(app), f"{name}:latest")
    if failed is not None:
        raise PracticeError("practice.start_failed", log=failed[-300:])
    return True
