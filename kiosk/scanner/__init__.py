"""The QR scanner: a second way in beside the card (the e-insurance voucher's QR code).

Every source stands behind one small interface, ``kiosk.scanner.watch.ScannerWatcher``: a
watcher thread that reports ``ScanEvent``s (``kiosk.scanner.events``) and survives the device
being unplugged and plugged in again. The sources:

- ``serial_scanner.SerialScanner``: a USB scanner in serial (CDC) mode, through pyserial;
- ``keyboard_evdev.EvdevKeyboardScanner``: a keyboard-mode scanner on Linux, grabbed through
  evdev; ``keyboard.KeyboardDecoder`` tells its scans from typing by timing (pure);
- ``camera.CameraScanner``: QR codes decoded from a camera's frames by zxing-cpp;
- ``virtual.VirtualSerialScanner``: a pseudo-terminal that speaks like a serial scanner,
  for demos and tests.

A code's text is opaque and never logged (``kiosk.domain.scan``). This room imports only
``kiosk.domain``; the modules are imported one by one, so a machine without evdev (Windows)
or without a camera never loads them.
"""
