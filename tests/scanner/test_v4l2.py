"""The camera path on Linux: a V4L2 camera as the frame source, ``scanner = "camera:DEVICE"``.

Real capture needs a ``/dev/video*`` capture device; where the machine has none (containers,
CI sandboxes without v4l2loopback) that test is skipped with that reason, and what is tested
without one is: the structures and ioctl request numbers against ``<linux/videodev2.h>``
(compiled where a C compiler and the header are at hand), the format choice, YUYV to grey,
a generated QR code decoding from a YUYV camera buffer, the named errors on real files that are
no camera, the health check's probe, and ``kiosk scanner decode``.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

if sys.platform != "linux":
    pytest.skip("V4L2 is Linux-only", allow_module_level=True)

import segno

from kiosk.cli import main as kiosk_main
from kiosk.domain.scan import ScannedCode, ScannerError, ScannerErrorCode
from kiosk.install import health
from kiosk.scanner import v4l2
from kiosk.scanner.camera import CameraScanner, Frame, PixelFormat, decode_frame
from kiosk.scanner.events import ScanEventKind as K
from kiosk.scanner.spec import ScannerSpec, make_watcher, parse_scanner, probe, probe_finding
from tests.scanner.listener import Collector
from tests.scanner.test_camera import VOUCHER, qr_frame

HEADER = Path("/usr/include/linux/videodev2.h")
X86_64 = platform.machine() == "x86_64"

# <linux/videodev2.h> on x86-64, as gcc computes them
REQUESTS = {"VIDIOC_QUERYCAP": 0x80685600, "VIDIOC_ENUM_FMT": 0xC0405602,
            "VIDIOC_S_FMT": 0xC0D05605, "VIDIOC_REQBUFS": 0xC0145608,
            "VIDIOC_QUERYBUF": 0xC0585609, "VIDIOC_QBUF": 0xC058560F,
            "VIDIOC_DQBUF": 0xC0585611, "VIDIOC_STREAMON": 0x40045612,
            "VIDIOC_STREAMOFF": 0x40045613}


def texts(items: list[ScannedCode | ScannerError]) -> list[str]:
    return [i.text for i in items if isinstance(i, ScannedCode)]


# -- the structures and request numbers -----------------------------------------------------


def test_format_codes_are_the_headers():
    assert v4l2.GREY == 0x59455247 and v4l2.YUYV == 0x56595559
    assert v4l2.fourcc_name(v4l2.fourcc("MJPG")) == "MJPG"


@pytest.mark.skipif(not X86_64, reason="the sizes written down are x86-64's")
def test_structure_sizes_and_request_numbers_on_x86_64():
    assert {name: ctypes.sizeof(s) for name, s in v4l2.STRUCTS.items()} == v4l2.SIZES
    assert {name: getattr(v4l2, name) for name in REQUESTS} == REQUESTS
    # the buffer's union and the format's union sit where the kernel reads them
    assert (v4l2.Buffer.m.offset, v4l2.Buffer.length.offset, v4l2.Format.fmt.offset) == (64, 72, 8)


def _compiler() -> str | None:
    return shutil.which("cc") or shutil.which("gcc")


@pytest.mark.skipif(_compiler() is None or not HEADER.exists(),
                    reason="no C compiler or no /usr/include/linux/videodev2.h (linux-libc-dev)")
def test_structures_and_requests_match_the_installed_header(tmp_path):
    lines = [f'printf("{name} %zu\\n", sizeof(struct {name}));' for name in v4l2.STRUCTS]
    lines += [f'printf("{name} %lu\\n", (unsigned long){name});' for name in REQUESTS]
    lines += ['printf("GREY %lu\\n", (unsigned long)V4L2_PIX_FMT_GREY);',
              'printf("YUYV %lu\\n", (unsigned long)V4L2_PIX_FMT_YUYV);',
              'printf("m %zu\\n", offsetof(struct v4l2_buffer, m));']
    source = tmp_path / "sizes.c"
    source.write_text("#include <stdio.h>\n#include <stddef.h>\n#include <linux/videodev2.h>\n"
                      "int main(void) {\n" + "\n".join(lines) + "\nreturn 0;\n}\n")
    program = tmp_path / "sizes"
    subprocess.run([str(_compiler()), str(source), "-o", str(program)], check=True)
    out = subprocess.run([str(program)], check=True, capture_output=True, text=True).stdout
    header = {name: int(value) for name, value in (line.split() for line in out.splitlines())}
    ours = {name: ctypes.sizeof(s) for name, s in v4l2.STRUCTS.items()}
    ours |= {name: getattr(v4l2, name) for name in REQUESTS}
    ours |= {"GREY": v4l2.GREY, "YUYV": v4l2.YUYV, "m": v4l2.Buffer.m.offset}
    assert header == ours


# -- the pure decisions -----------------------------------------------------------------------


MJPG, H264 = v4l2.fourcc("MJPG"), v4l2.fourcc("H264")


@pytest.mark.parametrize(("offered", "chosen"), [
    ([MJPG, v4l2.YUYV, v4l2.GREY], v4l2.GREY),
    ([MJPG, v4l2.YUYV], v4l2.YUYV),
    ([v4l2.YUYV], v4l2.YUYV),
])
def test_grey_is_chosen_before_yuyv(offered, chosen):
    assert v4l2.choose_format(offered) == chosen


@pytest.mark.parametrize(("offered", "named"), [([MJPG, H264], "MJPG, H264"), ([], "nothing")])
def test_a_camera_without_grey_or_yuyv_is_a_named_error(offered, named):
    with pytest.raises(ScannerError) as refused:
        v4l2.choose_format(offered)
    assert refused.value.code is ScannerErrorCode.SCANNER_UNAVAILABLE
    assert named in refused.value.detail


def _caps(capabilities: int, device_caps: int = 0) -> v4l2.Capability:
    return v4l2.Capability(capabilities=capabilities, device_caps=device_caps)


STREAMING_CAPTURE = v4l2.CAP_VIDEO_CAPTURE | v4l2.CAP_STREAMING
METADATA = 0x00800000  # V4L2_CAP_META_CAPTURE: a UVC camera's second node


@pytest.mark.parametrize(("cap", "problem"), [
    (_caps(STREAMING_CAPTURE), None),
    (_caps(v4l2.CAP_DEVICE_CAPS | STREAMING_CAPTURE | METADATA, STREAMING_CAPTURE), None),
    # the device's own node is the metadata one, though the camera as a whole captures
    (_caps(v4l2.CAP_DEVICE_CAPS | STREAMING_CAPTURE | METADATA, METADATA | v4l2.CAP_STREAMING),
     "not a video capture device"),
    (_caps(0x00000002 | v4l2.CAP_STREAMING), "not a video capture device"),  # video output
    (_caps(v4l2.CAP_VIDEO_CAPTURE), "cannot stream"),
])
def test_only_a_streaming_capture_node_is_a_camera(cap, problem):
    assert v4l2.capture_problem(cap) == problem


def test_yuyv_to_grey_keeps_the_y_bytes_row_by_row():
    # two rows of two pixels: Y0 U Y1 V, and a row stride of 6 (two bytes of padding)
    data = bytes([10, 128, 20, 129, 0xEE, 0xEE, 30, 128, 40, 129, 0xEE, 0xEE])
    assert v4l2.yuyv_to_grey(data, 2, 2, stride=6) == bytes([10, 20, 30, 40])
    assert v4l2.yuyv_to_grey(data[:4] + data[6:10], 2, 2) == bytes([10, 20, 30, 40])


def _as_yuyv(frame: Frame, padding: int = 0) -> bytes:
    """``frame``'s grey picture as a camera's YUYV buffer (neutral colour, padded rows)."""
    rows = []
    for row in range(frame.height):
        grey = frame.pixels[row * frame.width:(row + 1) * frame.width]
        packed = bytearray([128]) * (2 * frame.width)
        packed[0::2] = grey
        rows.append(bytes(packed) + b"\0" * padding)
    return b"".join(rows)


def test_a_generated_qr_code_decodes_from_a_yuyv_camera_buffer():
    grey = qr_frame(VOUCHER)
    stride = 2 * grey.width + 64
    picture = v4l2.Picture(v4l2.YUYV, grey.width, grey.height, stride)
    frame = v4l2.to_frame(_as_yuyv(grey, padding=64), picture)
    assert frame is not None and frame.pixels == grey.pixels
    assert texts(decode_frame(frame)) == [VOUCHER]


def test_a_grey_buffer_keeps_its_row_stride_and_a_cut_off_one_is_no_frame():
    grey = qr_frame(VOUCHER, width=320, height=240, left=40, top=20)
    padded = b"".join(grey.pixels[r * 320:(r + 1) * 320] + b"\x7f" * 32 for r in range(240))
    picture = v4l2.Picture(v4l2.GREY, 320, 240, 352)
    frame = v4l2.to_frame(padded, picture)
    assert frame is not None and frame.format is PixelFormat.GREY and frame.stride == 352
    assert texts(decode_frame(frame)) == [VOUCHER]
    assert v4l2.to_frame(padded[:352 * 100], picture) is None


@pytest.mark.parametrize("err", [errno.ENODEV, errno.EIO, errno.EPIPE])
def test_an_error_while_streaming_is_the_camera_removed(err):
    error = v4l2.lost(OSError(err, os.strerror(err)), "/dev/video0")
    assert error.code is ScannerErrorCode.SCANNER_REMOVED
    assert error.detail == f"/dev/video0: {errno.errorcode[err]}"


# -- the device: named errors on real files ----------------------------------------------------


def _open_error(path: str) -> ScannerError:
    camera = v4l2.V4L2Camera(path)
    with pytest.raises(ScannerError) as refused:
        camera.open()
    camera.close()  # closing a camera that never opened is harmless
    return refused.value


def test_a_missing_device_is_no_scanner(tmp_path):
    assert _open_error(str(tmp_path / "video0")).code is ScannerErrorCode.NO_SCANNER


@pytest.mark.parametrize("kind", ["null", "file", "directory"])
def test_what_is_not_a_video_device_is_unavailable(tmp_path, kind):
    path = {"null": "/dev/null", "file": str(tmp_path / "video0"), "directory": str(tmp_path)}
    if kind == "file":
        Path(path[kind]).write_bytes(b"\0" * 4096)
    error = _open_error(path[kind])
    assert error.code is ScannerErrorCode.SCANNER_UNAVAILABLE
    if kind != "directory":
        assert error.detail.endswith("not a video device")


def test_the_camera_watcher_names_a_missing_camera_and_one_that_is_none():
    for path, code in (("/dev/video-kiosk-test-none", ScannerErrorCode.NO_SCANNER),
                       ("/dev/null", ScannerErrorCode.SCANNER_UNAVAILABLE)):
        events = Collector()
        with CameraScanner(path, v4l2.V4L2Camera(path), events, backoff=(0.02,)):
            missing = events.next()
        assert missing.kind is K.SCANNER_MISSING and missing.error is code


# -- the configuration and the health check ----------------------------------------------------


def test_camera_is_a_scanner_kind_with_a_v4l2_watcher():
    spec = parse_scanner("camera:/dev/v4l/by-id/usb-Cam-video-index0")
    assert spec == ScannerSpec("camera", "/dev/v4l/by-id/usb-Cam-video-index0")
    watcher = make_watcher(spec, Collector())
    assert isinstance(watcher, CameraScanner) and isinstance(watcher.source, v4l2.V4L2Camera)
    assert watcher.source.path == spec.where


@pytest.mark.parametrize(("spec", "finding"), [
    ("camera:/dev/video-kiosk-test-none", "scanner_missing"),
    ("camera:/dev/null", "scanner_unavailable"),
])
def test_the_self_test_probes_a_camera(spec, finding):
    error = probe(parse_scanner(spec))
    assert error is not None and probe_finding(error) == finding
    [result] = health.scanner_checks(spec)
    assert (result.name, result.ok, result.code) == ("scanner", False, finding)
    assert result.detail.startswith(spec + ": ")


@pytest.mark.skipif(os.geteuid() == 0, reason="root opens a file whatever its mode")
def test_a_camera_the_kiosk_may_not_open_is_a_permission_finding(tmp_path):
    path = tmp_path / "video0"
    path.write_bytes(b"")
    path.chmod(0)
    assert probe_finding(_open_error(str(path))) == "scanner_no_permission"


# -- a real camera, where there is one ---------------------------------------------------------


def _camera_absent() -> str | None:
    if not v4l2.capture_devices():
        return "no V4L2 capture device on this machine (no camera, no v4l2loopback)"
    return None


@pytest.mark.skipif(_camera_absent() is not None, reason=str(_camera_absent()))
def test_a_real_camera_streams_grey_frames_to_the_watcher():
    path = v4l2.capture_devices()[0][0]
    camera = v4l2.V4L2Camera(path)
    camera.open()
    try:
        assert camera.picture is not None
        assert camera.picture.pixelformat in (v4l2.GREY, v4l2.YUYV)
        frame = None
        for _ in range(50):  # a deadline of 50 reads, not a timing
            frame = camera.read(0.2)
            if frame is not None:
                break
        assert frame is not None and frame.format is PixelFormat.GREY
        assert (frame.width, frame.height) == (camera.picture.width, camera.picture.height)
        assert len(frame.pixels) >= frame.row_bytes * (frame.height - 1) + frame.width
    finally:
        camera.close()
    events = Collector()
    with make_watcher(ScannerSpec("camera", path), events):
        assert events.next().kind is K.SCANNER_CONNECTED


# -- kiosk scanner decode / read --camera ------------------------------------------------------


def test_decode_prints_the_voucher_in_a_png(tmp_path, capsys):
    png = tmp_path / "voucher.png"
    segno.make(VOUCHER, error="m").save(str(png), scale=6)
    assert kiosk_main(["scanner", "decode", str(png), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"text": VOUCHER, "length": len(VOUCHER)}
    assert kiosk_main(["scanner", "decode", str(png)]) == 0
    assert capsys.readouterr().out.strip() == VOUCHER


def test_decode_without_a_code_or_a_picture_exits_1(tmp_path, capsys):
    blank = tmp_path / "blank.png"
    segno.make("x").save(str(blank), scale=1, dark="white")  # a white square: no code
    assert kiosk_main(["scanner", "decode", str(blank), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["error"]["code"] == "no_code"
    text = tmp_path / "notes.txt"
    text.write_text("not a picture")
    assert kiosk_main(["scanner", "decode", str(text), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["error"]["code"] == "unreadable_image"


def test_read_from_a_missing_camera_says_so(capsys):
    assert kiosk_main(["scanner", "read", "--camera", "/dev/video-kiosk-test-none",
                       "--json", "--timeout", "10"]) == 1
    assert json.loads(capsys.readouterr().out)["error"]["code"] == "no_scanner"
