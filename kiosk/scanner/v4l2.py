"""A Linux camera (V4L2) as the camera path's ``FrameSource``, in the standard library only.

For kiosks with a camera and no scanner (``scanner = "camera:/dev/video0"``): PySide6-Essentials
has no Qt Multimedia and the packaged kiosk has no room for PyAV or OpenCV, so the camera is
read the way the kernel offers it: ``fcntl.ioctl`` on the device, buffers shared through
``mmap``. ``V4L2Camera.open`` checks the device is a streaming capture device
(``VIDIOC_QUERYCAP``), picks a picture format the decoder can use (``choose_format``: GREY,
else YUYV, whose Y bytes are the grey picture; a camera offering neither is named), asks for a
modest size (640x480: enough for a phone's QR code held up close, and cheap to decode; the
driver may answer with a size near it), maps ``BUFFERS`` buffers and starts streaming.
``read`` waits with ``select`` at most the watcher's read timeout, takes the newest filled
buffer (older ones go straight back to the driver, so a slow decode never falls behind the
camera) and returns it as a grey ``Frame``. ``close`` stops streaming and lets everything go.

Errors are the other sources' named ones: a missing device is ``no_scanner``; no permission or
held by another program (``EBUSY``) is ``scanner_unavailable`` with the operating system's
error kept as the cause (``kiosk.scanner.serial_scanner.open_error``, which the health check's
``probe_finding`` reads); a device that is not a video capture device (``/dev/null``, a
regular file: ``ENOTTY``) is ``scanner_unavailable``; any error while streaming (unplugged:
``ENODEV``) is ``scanner_removed``, and the watcher opens the camera again with backoff.

The ioctl request numbers are computed from the structures' sizes as ``<linux/ioctl.h>``
does; the structures follow ``<linux/videodev2.h>`` (sizes on x86-64 in ``SIZES``, checked by
the tests against the header where a C compiler is at hand). The pure parts (request numbers,
``choose_format``, ``capture_problem``, ``yuyv_to_grey``, ``to_frame``, ``lost``) are tested
directly.
Linux only: ``fcntl`` is not on Windows, where importing this module fails.

Threads: a ``V4L2Camera`` is used by one thread at a time, the camera watcher's
(``kiosk.scanner.camera.CameraScanner``); ``capture_devices`` runs on the caller's thread.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import glob
import mmap
import os
import select
from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.domain.scan import ScannerError, ScannerErrorCode
from kiosk.scanner.camera import Frame, PixelFormat
from kiosk.scanner.serial_scanner import open_error

WIDTH, HEIGHT = 640, 480  # asked for; the driver answers with the nearest size it has
BUFFERS = 4  # mapped buffers: enough to stream, few enough to keep frames fresh

u8, u32, s32 = ctypes.c_uint8, ctypes.c_uint32, ctypes.c_int32


def fourcc(code: str) -> int:
    """V4L2's four-character code as a number (``v4l2_fourcc``; pure)."""
    a, b, c, d = (ord(ch) for ch in code)
    return a | b << 8 | c << 16 | d << 24


def fourcc_name(value: int) -> str:
    """The four characters of a format code, for messages (pure)."""
    return "".join(chr(value >> shift & 0xFF) for shift in (0, 8, 16, 24)).strip() or "?"


GREY = fourcc("GREY")
YUYV = fourcc("YUYV")

BUF_TYPE_VIDEO_CAPTURE = 1
MEMORY_MMAP = 1
FIELD_NONE = 1
CAP_VIDEO_CAPTURE = 0x00000001
CAP_STREAMING = 0x04000000
CAP_DEVICE_CAPS = 0x80000000
BUF_FLAG_ERROR = 0x00000040


# -- the structures of <linux/videodev2.h> --------------------------------------------------


class Capability(ctypes.Structure):
    _fields_ = [("driver", u8 * 16), ("card", u8 * 32), ("bus_info", u8 * 32),
                ("version", u32), ("capabilities", u32), ("device_caps", u32),
                ("reserved", u32 * 3)]


class FmtDesc(ctypes.Structure):
    _fields_ = [("index", u32), ("type", u32), ("flags", u32), ("description", u8 * 32),
                ("pixelformat", u32), ("mbus_code", u32), ("reserved", u32 * 3)]


class PixFormat(ctypes.Structure):
    _fields_ = [("width", u32), ("height", u32), ("pixelformat", u32), ("field", u32),
                ("bytesperline", u32), ("sizeimage", u32), ("colorspace", u32),
                ("priv", u32), ("flags", u32), ("ycbcr_enc", u32), ("quantization", u32),
                ("xfer_func", u32)]


class _FormatUnion(ctypes.Union):
    # the kernel's union holds pointers (struct v4l2_window): pointer-aligned
    _fields_ = [("pix", PixFormat), ("raw_data", u8 * 200), ("_align", ctypes.c_void_p)]


class Format(ctypes.Structure):
    _fields_ = [("type", u32), ("fmt", _FormatUnion)]


class RequestBuffers(ctypes.Structure):
    _fields_ = [("count", u32), ("type", u32), ("memory", u32), ("capabilities", u32),
                ("flags", u8), ("reserved", u8 * 3)]


class TimeVal(ctypes.Structure):
    _fields_ = [("tv_sec", ctypes.c_long), ("tv_usec", ctypes.c_long)]


class TimeCode(ctypes.Structure):
    _fields_ = [("type", u32), ("flags", u32), ("frames", u8), ("seconds", u8),
                ("minutes", u8), ("hours", u8), ("userbits", u8 * 4)]


class _BufferM(ctypes.Union):
    _fields_ = [("offset", u32), ("userptr", ctypes.c_ulong), ("planes", ctypes.c_void_p),
                ("fd", s32)]


class Buffer(ctypes.Structure):
    _fields_ = [("index", u32), ("type", u32), ("bytesused", u32), ("flags", u32),
                ("field", u32), ("timestamp", TimeVal), ("timecode", TimeCode),
                ("sequence", u32), ("memory", u32), ("m", _BufferM), ("length", u32),
                ("reserved2", u32), ("request_fd", s32)]


# sizeof in <linux/videodev2.h> on x86-64 (gcc), what the structures above must match there
SIZES = {"v4l2_capability": 104, "v4l2_fmtdesc": 64, "v4l2_format": 208,
         "v4l2_requestbuffers": 20, "v4l2_buffer": 88}
STRUCTS: dict[str, type[ctypes.Structure]] = {
    "v4l2_capability": Capability, "v4l2_fmtdesc": FmtDesc, "v4l2_format": Format,
    "v4l2_requestbuffers": RequestBuffers, "v4l2_buffer": Buffer}


# -- ioctl request numbers, as <asm-generic/ioctl.h> makes them -----------------------------

_NRSHIFT, _TYPESHIFT, _SIZESHIFT, _DIRSHIFT = 0, 8, 16, 30
_WRITE, _READ = 1, 2


def ioc(direction: int, kind: str, nr: int, size: int) -> int:
    """``_IOC(dir, type, nr, size)`` (pure)."""
    return (direction << _DIRSHIFT | size << _SIZESHIFT | ord(kind) << _TYPESHIFT
            | nr << _NRSHIFT)


def _ior(nr: int, struct: type[ctypes.Structure]) -> int:
    return ioc(_READ, "V", nr, ctypes.sizeof(struct))


def _iowr(nr: int, struct: type[ctypes.Structure]) -> int:
    return ioc(_READ | _WRITE, "V", nr, ctypes.sizeof(struct))


VIDIOC_QUERYCAP = _ior(0, Capability)
VIDIOC_ENUM_FMT = _iowr(2, FmtDesc)
VIDIOC_S_FMT = _iowr(5, Format)
VIDIOC_REQBUFS = _iowr(8, RequestBuffers)
VIDIOC_QUERYBUF = _iowr(9, Buffer)
VIDIOC_QBUF = _iowr(15, Buffer)
VIDIOC_DQBUF = _iowr(17, Buffer)
VIDIOC_STREAMON = ioc(_WRITE, "V", 18, ctypes.sizeof(ctypes.c_int))
VIDIOC_STREAMOFF = ioc(_WRITE, "V", 19, ctypes.sizeof(ctypes.c_int))


# -- the pure decisions -----------------------------------------------------------------------


def capture_problem(cap: Capability) -> str | None:
    """Why the device ``cap`` describes cannot be the camera path's camera, or None (pure):
    it must capture video and stream (the device node's own capabilities where given)."""
    caps = cap.device_caps if cap.capabilities & CAP_DEVICE_CAPS else cap.capabilities
    if not caps & CAP_VIDEO_CAPTURE:
        return "not a video capture device"
    if not caps & CAP_STREAMING:
        return "cannot stream"
    return None


def choose_format(offered: Iterable[int]) -> int:
    """The picture format to ask for among those the camera ``offered`` (pure): GREY, else
    YUYV. Raises ``ScannerError(SCANNER_UNAVAILABLE)`` naming what it offers instead (MJPG
    only, say: this path decodes no compressed pictures)."""
    formats = list(offered)
    for wanted in (GREY, YUYV):
        if wanted in formats:
            return wanted
    names = ", ".join(fourcc_name(f) for f in formats) or "nothing"
    raise ScannerError(ScannerErrorCode.SCANNER_UNAVAILABLE,
                       f"camera offers no GREY or YUYV pictures (offers {names})")


def yuyv_to_grey(data: bytes, width: int, height: int, stride: int = 0) -> bytes:
    """The grey picture in a YUYV one (pure): every other byte is a pixel's Y (brightness).
    ``stride``: bytes a row (0: exactly ``2 * width``)."""
    stride = stride or 2 * width
    if stride == 2 * width:
        return data[:2 * width * height:2]
    return b"".join(data[row * stride:row * stride + 2 * width:2] for row in range(height))


@dataclass(frozen=True, slots=True)
class Picture:
    """The format the driver settled on: what a filled buffer holds."""

    pixelformat: int
    width: int
    height: int
    bytesperline: int


def to_frame(data: bytes, picture: Picture) -> Frame | None:
    """The grey ``Frame`` in one filled buffer (pure); None for a buffer too short to hold
    the picture (a frame cut off)."""
    pixel_bytes = 1 if picture.pixelformat == GREY else 2
    stride = picture.bytesperline or picture.width * pixel_bytes
    if len(data) < stride * (picture.height - 1) + picture.width * pixel_bytes:
        return None
    if picture.pixelformat == GREY:
        return Frame(data, picture.width, picture.height, PixelFormat.GREY, stride)
    return Frame(yuyv_to_grey(data, picture.width, picture.height, stride),
                 picture.width, picture.height, PixelFormat.GREY)


def lost(exc: OSError, path: str) -> ScannerError:
    """What an error while streaming means (pure): the camera is gone, whatever the error
    (unplugged: ``ENODEV``; the driver failed: ``EIO``), and the watcher opens it again."""
    return ScannerError(ScannerErrorCode.SCANNER_REMOVED,
                        f"{path}: {errno.errorcode.get(exc.errno or 0, 'error')}")


# -- the device ------------------------------------------------------------------------------


def _ioctl(fd: int, request: int, arg: ctypes.Structure | ctypes.c_int) -> None:
    fcntl.ioctl(fd, request, arg)


def query(fd: int, path: str) -> Capability:
    """The device's capabilities; ``ScannerError`` if it is no V4L2 device at all."""
    cap = Capability()
    try:
        _ioctl(fd, VIDIOC_QUERYCAP, cap)
    except OSError as exc:
        if exc.errno in (errno.ENOTTY, errno.EINVAL):
            raise ScannerError(ScannerErrorCode.SCANNER_UNAVAILABLE,
                               f"{path}: not a video device") from exc
        raise
    return cap


def offered_formats(fd: int) -> list[int]:
    """The capture formats the device lists (``VIDIOC_ENUM_FMT`` until ``EINVAL``)."""
    found: list[int] = []
    while len(found) < 64:
        desc = FmtDesc(index=len(found), type=BUF_TYPE_VIDEO_CAPTURE)
        try:
            _ioctl(fd, VIDIOC_ENUM_FMT, desc)
        except OSError as exc:
            if exc.errno == errno.EINVAL:
                break
            raise
        found.append(desc.pixelformat)
    return found


class V4L2Camera:
    """A V4L2 capture device at ``path`` as a ``FrameSource`` (grey frames)."""

    def __init__(self, path: str, width: int = WIDTH, height: int = HEIGHT,
                 buffers: int = BUFFERS) -> None:
        self.path = path
        self.size = (width, height)
        self.buffers = buffers
        self.picture: Picture | None = None
        self._fd = -1
        self._maps: list[mmap.mmap] = []
        self._streaming = False

    def open(self) -> None:
        try:
            self._fd = os.open(self.path, os.O_RDWR | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError as exc:
            raise open_error(exc, self.path) from exc
        try:
            self._start()
        except ScannerError:
            self.close()
            raise
        except OSError as exc:
            self.close()
            raise open_error(exc, self.path) from exc

    def _start(self) -> None:
        problem = capture_problem(query(self._fd, self.path))
        if problem is not None:
            raise ScannerError(ScannerErrorCode.SCANNER_UNAVAILABLE, f"{self.path}: {problem}")
        chosen = choose_format(offered_formats(self._fd))
        fmt = Format(type=BUF_TYPE_VIDEO_CAPTURE)
        fmt.fmt.pix.width, fmt.fmt.pix.height = self.size
        fmt.fmt.pix.pixelformat = chosen
        fmt.fmt.pix.field = FIELD_NONE
        _ioctl(self._fd, VIDIOC_S_FMT, fmt)
        pix = fmt.fmt.pix
        if pix.pixelformat != chosen:
            choose_format([pix.pixelformat])  # the driver chose another: named if unusable
        self.picture = Picture(pix.pixelformat, pix.width, pix.height, pix.bytesperline)
        request = RequestBuffers(count=self.buffers, type=BUF_TYPE_VIDEO_CAPTURE,
                                 memory=MEMORY_MMAP)
        _ioctl(self._fd, VIDIOC_REQBUFS, request)
        if request.count < 1:
            raise ScannerError(ScannerErrorCode.SCANNER_UNAVAILABLE,
                               f"{self.path}: no capture buffers")
        for index in range(request.count):
            buf = self._buffer(index)
            _ioctl(self._fd, VIDIOC_QUERYBUF, buf)
            self._maps.append(mmap.mmap(self._fd, buf.length, mmap.MAP_SHARED,
                                        mmap.PROT_READ | mmap.PROT_WRITE,
                                        offset=buf.m.offset))
            _ioctl(self._fd, VIDIOC_QBUF, buf)
        _ioctl(self._fd, VIDIOC_STREAMON, ctypes.c_int(BUF_TYPE_VIDEO_CAPTURE))
        self._streaming = True

    @staticmethod
    def _buffer(index: int) -> Buffer:
        return Buffer(index=index, type=BUF_TYPE_VIDEO_CAPTURE, memory=MEMORY_MMAP)

    def read(self, timeout: float) -> Frame | None:
        try:
            ready, _, _ = select.select([self._fd], [], [], timeout)
            newest = self._newest() if ready else None
            if newest is None:
                return None
            data = self._maps[newest.index][:newest.bytesused or newest.length]
            flags = newest.flags
            _ioctl(self._fd, VIDIOC_QBUF, newest)
        except OSError as exc:
            raise lost(exc, self.path) from exc
        if flags & BUF_FLAG_ERROR or self.picture is None:
            return None
        return to_frame(data, self.picture)

    def _newest(self) -> Buffer | None:
        """Every filled buffer dequeued; all but the newest given straight back."""
        newest: Buffer | None = None
        while True:
            buf = self._buffer(0)
            try:
                _ioctl(self._fd, VIDIOC_DQBUF, buf)
            except BlockingIOError:
                return newest
            if newest is not None:
                _ioctl(self._fd, VIDIOC_QBUF, newest)
            newest = buf

    def close(self) -> None:
        if self._streaming:
            with contextlib.suppress(OSError):
                _ioctl(self._fd, VIDIOC_STREAMOFF, ctypes.c_int(BUF_TYPE_VIDEO_CAPTURE))
            self._streaming = False
        for mapped in self._maps:
            mapped.close()
        self._maps = []
        if self._fd >= 0:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = -1


def _card_name(cap: Capability) -> str:
    return bytes(cap.card).split(b"\0", 1)[0].decode("utf-8", "replace")


def capture_devices() -> list[tuple[str, str]]:
    """``(path, name)`` of the video capture devices, for ``kiosk scanner list`` (the stable
    ``/dev/v4l/by-id`` links first, where udev made them)."""
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for path in sorted(glob.glob("/dev/v4l/by-id/*")) + sorted(glob.glob("/dev/video*")):
        real = os.path.realpath(path)
        if real in seen:
            continue
        try:
            fd = os.open(path, os.O_RDWR | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            cap = query(fd, path)
            if capture_problem(cap) is None:
                found.append((path, _card_name(cap)))
                seen.add(real)
        except (OSError, ScannerError):
            pass
        finally:
            os.close(fd)
    return found


__all__ = ["BUFFERS", "GREY", "HEIGHT", "SIZES", "STRUCTS", "WIDTH", "YUYV", "Capability",
           "Picture", "V4L2Camera", "capture_devices", "capture_problem", "choose_format",
           "fourcc", "fourcc_name", "ioc", "lost", "to_frame", "yuyv_to_grey"]
