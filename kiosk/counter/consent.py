"""The credit-link consent texts the patient signs at the counter: versioned, in Chinese and
English, shipped with the app.

The backend keeps the exact text the patient agreed to (and its hash) with the signature's
hash, so the text sent is one document naming its version and holding both languages:
``consent_document()``. A new wording gets a new ``CONSENT_VERSION``; old versions stay in
``CONSENT_TEXTS`` so what a patient once signed can always be shown again.

Pure data and functions; any thread.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ConsentText:
    version: str
    zh: str
    en: str


_V1 = ConsentText(
    version="CL-2026.1",
    zh=(
        "“先诊疗后付费”服务知情同意书\n\n"
        "1. 本人自愿开通“先诊疗后付费”服务。开通后，本人在本院门诊就诊时可先检查、治疗，"
        "就诊结束后一次结算。\n"
        "2. 本人同意医院向医保信用系统及征信机构查询本人的信用信息，"
        "用于决定是否提供本服务及信用额度。\n"
        "3. 结算时，医保基金支付部分由医保结算，个人自付部分从本人绑定的支付账户扣除。"
        "扣款失败的，形成欠款，本人应在到期日前到收费窗口缴清；逾期未缴将暂停本服务。\n"
        "4. 本人可随时到收费窗口申请解除绑定。医院按规定保存本同意书及签名记录。\n"
        "5. 本人已核对身份信息，确认上述内容。"
    ),
    en=(
        "Consent to \"see the doctor first, pay later\"\n\n"
        "1. I choose to use the \"see the doctor first, pay later\" service. Once linked, I can "
        "be examined and treated first at this hospital's outpatient clinics and pay once at "
        "the end of the visit.\n"
        "2. I allow the hospital to ask the insurance credit system and the credit bureau "
        "about my credit, to decide whether I may use this service and my credit limit.\n"
        "3. At settlement the insurance fund pays its share; my own share is charged to the "
        "payment method I link. If that charge fails, it becomes a debt that I will pay at "
        "the payment counter by its due date; an overdue debt pauses the service.\n"
        "4. I may ask at the payment counter to unlink at any time. The hospital keeps this "
        "consent and the record of my signature as the rules require.\n"
        "5. I have checked my identity details and agree to the above."
    ),
)

CONSENT_TEXTS: dict[str, ConsentText] = {_V1.version: _V1}
CONSENT_VERSION = _V1.version


def consent_text(version: str = CONSENT_VERSION) -> ConsentText:
    try:
        return CONSENT_TEXTS[version]
    except KeyError:
        raise KeyError(f"unknown consent version {version!r}") from None


def consent_document(version: str = CONSENT_VERSION) -> str:
    """The text recorded with the link: version id, then the Chinese and English texts."""
    text = consent_text(version)
    return f"[consent {text.version}]\n\n{text.zh}\n\n----\n\n{text.en}\n"


def consent_for_display(lang: str, version: str = CONSENT_VERSION) -> str:
    """What the patient reads on screen: the text in the chosen language first."""
    text = consent_text(version)
    first, second = (text.en, text.zh) if lang == "en" else (text.zh, text.en)
    return f"{first}\n\n——\n\n{second}"
