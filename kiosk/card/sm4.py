"""SM4 (GB/T 32907-2016), one 16-byte block at a time, in pure Python (stdlib only).

The virtual card needs the cipher of card authentication (``shared/card-profile.md``,
"Card authentication"): ``K_card = SM4(K_issuer, card_sn)`` and the card's answer
``SM4(K_card, challenge)``. The card layer may import only ``kiosk.domain``, so it carries
this small implementation instead of ``cryptography`` (which the backend's card authority
uses; a test checks that both agree). Pure functions, no state: any thread may call them.
Not constant-time: it serves the test card, never a key a real deployment depends on.
"""

from __future__ import annotations

_SBOX = bytes.fromhex(
    "d690e9fecce13db716b614c228fb2c05"
    "2b679a762abe04c3aa44132649860699"
    "9c4250f491ef987a33540b43edcfac62"
    "e4b31ca9c908e89580df94fa758f3fa6"
    "4707a7fcf37317ba83593c19e6854fa8"
    "686b81b27164da8bf8eb0f4b70569d35"
    "1e240e5e6358d1a225227c3b01217887"
    "d40046579fd327524c3602e7a0c4c89e"
    "eabf8ad240c738b5a3f7f2cef96115a1"
    "e0ae5da49b341a55ad933230f58cb1e3"
    "1df6e22e8266ca60c02923ab0d534e6f"
    "d5db3745defd8e2f03ff6a726d6c5b51"
    "8d1baf92bbddbc7f11d95c411f105ad8"
    "0ac13188a5cd7bbd2d74d012b8e5b4b0"
    "8969974a0c96777e65b9f109c56ec684"
    "18f07dec3adc4d2079ee5f3ed7cb3948"
)
_FK = (0xA3B1BAC6, 0x56AA3350, 0x677D9197, 0xB27022DC)
_CK = tuple(
    int.from_bytes(bytes(((4 * i + j) * 7) & 0xFF for j in range(4)), "big") for i in range(32)
)
_MASK = 0xFFFFFFFF
BLOCK = 16


def _rotl(x: int, n: int) -> int:
    return ((x << n) | (x >> (32 - n))) & _MASK


def _tau(x: int) -> int:
    return int.from_bytes(bytes(_SBOX[b] for b in x.to_bytes(4, "big")), "big")


def _t(x: int) -> int:
    b = _tau(x)
    return b ^ _rotl(b, 2) ^ _rotl(b, 10) ^ _rotl(b, 18) ^ _rotl(b, 24)


def _t_key(x: int) -> int:
    b = _tau(x)
    return b ^ _rotl(b, 13) ^ _rotl(b, 23)


def _words(block: bytes) -> list[int]:
    return [int.from_bytes(block[i : i + 4], "big") for i in range(0, 16, 4)]


def round_keys(key: bytes) -> list[int]:
    """The 32 round keys of a 16-byte key."""
    if len(key) != BLOCK:
        raise ValueError("an SM4 key is 16 bytes")
    k = [w ^ f for w, f in zip(_words(key), _FK, strict=True)]
    out = []
    for i in range(32):
        k.append(k[i] ^ _t_key(k[i + 1] ^ k[i + 2] ^ k[i + 3] ^ _CK[i]))
        out.append(k[-1])
    return out


def _crypt(keys: list[int], block: bytes) -> bytes:
    if len(block) != BLOCK:
        raise ValueError("an SM4 block is 16 bytes")
    x = _words(block)
    for rk in keys:
        x.append(x[-4] ^ _t(x[-3] ^ x[-2] ^ x[-1] ^ rk))
    return b"".join(w.to_bytes(4, "big") for w in reversed(x[-4:]))


def encrypt_block(key: bytes, block: bytes) -> bytes:
    """SM4-ECB of one 16-byte block."""
    return _crypt(round_keys(key), block)


def decrypt_block(key: bytes, block: bytes) -> bytes:
    """The inverse of ``encrypt_block``."""
    return _crypt(list(reversed(round_keys(key))), block)
