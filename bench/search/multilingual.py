"""A generated archive in the seven languages the recall benchmark covers, typed the many ways
real text is typed. Sample text written for the benchmark: no document of any real conference.

English (possessives with curly or straight apostrophes, compounds with every kind of hyphen),
Traditional and Simplified Chinese (full-width digits now and then), Thai (Thai digits now and
then), Japanese (kanji and kana; half-width katakana now and then), Korean (particles attached
to words, as Korean is written) and Vietnamese (with its accents). Words follow a Zipf
distribution over each language's vocabulary, as in bench.corpus.
"""

from __future__ import annotations

import random
from typing import Any

from bench.corpus import EN_WORDS, TH_COMMON, TH_PHRASES, VOCABULARIES, ZH_COMMON, ZH_PHRASES, Vocabulary
from bench.corpus import _cumulative as zipf_weights

LANGUAGES = ("en", "zh-Hant", "zh-Hans", "th", "ja", "ko", "vi")
# Languages written without spaces between words: a query is looked for as a substring.
UNSPACED = frozenset({"zh-Hant", "zh-Hans", "th", "ja", "ko"})

JA_WORDS = (
    "移住 労働者 警察 取り締まり 入国管理 在留資格 査証 仲介業者 借金 健康 相談 支援 団体 法律 政策 "
    "国境 保護 診療所 賃金 権利 地域 報告 旅券 収容 送還 組合 電話 家族 送金 通訳 裁判所 女性 子ども "
    "仕事 生活 問題 情報 会議 調査 結果 影響 必要 提供 参加 紹介 方法 関係 学校 医者 病院 患者 収入 "
    "費用 家賃 住宅 寮 交通 空港 電車 バス 携帯 ウェブサイト ニュース 記者 テレビ 新聞 弁護士 裁判官 "
    "証拠 事件 苦情 安全 危険 暴力 差別 尊重 平等 自由 選択 決定 責任 機会 困難 協力 連絡 研修 教育 "
    "言葉 文化 宗教 歴史 未来 現在 過去 今年 去年 毎日 夜 朝 週末 増加 減少 変化 継続 開始 終了 成功 "
    "失敗 重要 特別 地方 アジア 香港 台湾 タイ 日本 韓国 中国 マレーシア シンガポール フィリピン "
    "ベトナム カンボジア ミャンマー 移民 難民 雇用主 契約 罰金 逮捕 刑務所 保釈 入国 出国 登録 検査 "
    "衛生 コンドーム エイズ 治療 薬 相談員 ボランティア 同僚 客 経営者 マネージャー バー クラブ "
    "マッサージ 店 路上 アパート 現金 銀行 ローン 利息 センター コミュニティ ネットワーク "
    "ワークショップ パスポート ビザ シェルター ホットライン"
).split()
JA_PARTICLES = "は が を に で と の も から まで へ".split()
KO_WORDS = (
    "이주 노동자 경찰 단속 출입국 체류 자격 비자 중개인 빚 건강 상담 지원 단체 법률 정책 국경 보호 "
    "진료소 임금 권리 지역 보고서 여권 구금 송환 노동조합 전화 가족 송금 통역 법원 여성 어린이 일 "
    "생활 문제 정보 회의 조사 결과 영향 필요 제공 참가 소개 방법 관계 학교 의사 병원 환자 수입 비용 "
    "월세 주택 기숙사 교통 공항 기차 버스 휴대폰 웹사이트 뉴스 기자 텔레비전 신문 변호사 판사 증거 "
    "사건 민원 안전 위험 폭력 차별 존중 평등 자유 선택 결정 책임 기회 어려움 협력 연락 훈련 교육 언어 "
    "문화 종교 역사 미래 현재 과거 올해 작년 매일 밤 아침 주말 증가 감소 변화 계속 시작 끝 성공 실패 "
    "중요 특별 지방 아시아 홍콩 대만 태국 일본 한국 중국 말레이시아 싱가포르 필리핀 베트남 캄보디아 "
    "미얀마 이민자 난민 고용주 계약 벌금 체포 교도소 보석 입국 출국 등록 검사 위생 콘돔 에이즈 치료 "
    "약 상담원 자원봉사자 동료 손님 사장 관리자 술집 클럽 마사지 가게 거리 아파트 현금 은행 대출 이자 "
    "센터 공동체 네트워크 워크숍 쉼터 상담전화"
).split()
KO_PARTICLES = "은 는 이 가 을 를 에 에서 와 과 의 도 로".split()
VI_WORDS = [
    w.strip()
    for w in (
        "di cư, người lao động, cảnh sát, truy quét, xuất nhập cảnh, tình trạng cư trú, thị thực, "
        "môi giới, nợ nần, sức khỏe, tư vấn, hỗ trợ, tổ chức, pháp luật, chính sách, biên giới, "
        "bảo vệ, phòng khám, tiền lương, quyền lợi, cộng đồng, báo cáo, hộ chiếu, tạm giữ, "
        "trục xuất, công đoàn, điện thoại, gia đình, chuyển tiền, phiên dịch, tòa án, phụ nữ, "
        "trẻ em, công việc, cuộc sống, vấn đề, thông tin, hội nghị, khảo sát, kết quả, ảnh hưởng, "
        "cần thiết, cung cấp, tham gia, giới thiệu, phương pháp, quan hệ, trường học, bác sĩ, "
        "bệnh viện, bệnh nhân, thu nhập, chi phí, tiền thuê, nhà ở, ký túc xá, giao thông, sân bay, "
        "tàu hỏa, xe buýt, điện thoại di động, trang web, tin tức, phóng viên, truyền hình, "
        "báo chí, luật sư, thẩm phán, bằng chứng, vụ án, khiếu nại, an toàn, nguy hiểm, bạo lực, "
        "phân biệt, tôn trọng, bình đẳng, tự do, lựa chọn, quyết định, trách nhiệm, cơ hội, "
        "khó khăn, hợp tác, liên lạc, đào tạo, giáo dục, ngôn ngữ, văn hóa, tôn giáo, lịch sử, "
        "tương lai, hiện nay, quá khứ, năm nay, năm ngoái, hằng ngày, ban đêm, buổi sáng, "
        "cuối tuần, tăng lên, giảm xuống, thay đổi, tiếp tục, bắt đầu, kết thúc, thành công, "
        "thất bại, quan trọng, đặc biệt, địa phương, châu Á, Hồng Kông, Đài Loan, Thái Lan, "
        "Nhật Bản, Hàn Quốc, Trung Quốc, Ma-lai-xi-a, Xin-ga-po, Phi-líp-pin, Việt Nam, "
        "Cam-pu-chia, Mi-an-ma, người nhập cư, người tị nạn, chủ lao động, hợp đồng, tiền phạt, "
        "bắt giữ, nhà tù, tại ngoại, nhập cảnh, xuất cảnh, đăng ký, kiểm tra, vệ sinh, bao cao su, "
        "HIV, điều trị, thuốc, tư vấn viên, tình nguyện viên, đồng nghiệp, khách hàng, chủ quán, "
        "quản lý, quán bar, câu lạc bộ, mát-xa, cửa hàng, đường phố, căn hộ, tiền mặt, ngân hàng, "
        "khoản vay, lãi suất, trung tâm, mạng lưới, hội thảo, nhà tạm lánh, đường dây nóng"
    ).split(",")
]
EN_NAMES = (
    "Weston Marlow Ashby Carden Pellham Ridley Tamsin Orwin Hadley Corwen Elsbeth Brannock Delacey Fenwick "
    "Galloway Harcourt Isherwood Jessop Kettering Lindqvist Mallory Northcote Ostrander Penrose Quaintance"
).split()
EN_COMPOUNDS = (
    "well-being co-operative self-help drop-in follow-up long-term part-time full-time cross-border "
    "health-care day-to-day anti-trafficking non-governmental peer-to-peer face-to-face"
).split()
APOSTROPHES = ("’", "'", "’", "ʼ")
HYPHENS = ("-", "‐", "‑", "–")
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
WIDE_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
HALF_KANA = {"センター": "ｾﾝﾀｰ", "ネットワーク": "ﾈｯﾄﾜｰｸ", "パスポート": "ﾊﾟｽﾎﾟｰﾄ", "ビザ": "ﾋﾞｻﾞ"}


def _simplified(words: list[str]) -> list[str]:
    """The words in Simplified Chinese (OpenCC), as a Simplified text would write them."""
    import opencc

    convert = opencc.OpenCC("t2s").convert
    return [str(convert(word)) for word in words]


def _vocabulary(words: list[str], seed: int) -> Vocabulary:
    """A Zipf vocabulary over *words* in a seeded order."""
    ranked = list(dict.fromkeys(words))
    random.Random(seed).shuffle(ranked)
    return Vocabulary(ranked, zipf_weights(len(ranked)))


VOCABULARIES_7: dict[str, Vocabulary] = {
    "en": VOCABULARIES["en"],
    "zh-Hant": _vocabulary(ZH_COMMON + ZH_PHRASES, 21),
    "zh-Hans": _vocabulary(_simplified(ZH_COMMON + ZH_PHRASES), 22),
    "th": _vocabulary(TH_COMMON + TH_PHRASES, 23),
    "ja": _vocabulary(JA_WORDS, 24),
    "ko": _vocabulary(KO_WORDS, 25),
    "vi": _vocabulary(VI_WORDS, 26),
}


def _sentence(rng: random.Random, language: str) -> str:
    """One sentence of *language*, with the typing variants of the module's docstring."""
    words = VOCABULARIES_7[language].draw(rng, rng.randint(6, 12))
    if language == "en":
        words = [_english(rng, word) for word in words]
        return " ".join(words).capitalize() + "."
    if language in ("zh-Hant", "zh-Hans"):
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), f"{rng.randint(1990, 2005)}年".translate(WIDE_DIGITS))
        return "".join(words) + "。"
    if language == "th":
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), f"พ.ศ. {rng.randint(2530, 2548)}".translate(THAI_DIGITS))
        return "".join(words) + " "
    if language == "ja":
        words = [HALF_KANA.get(w, w) if rng.random() < 0.3 else w for w in words]
        return "".join(w + (rng.choice(JA_PARTICLES) if rng.random() < 0.4 else "") for w in words) + "。"
    if language == "ko":
        return " ".join(w + (rng.choice(KO_PARTICLES) if rng.random() < 0.5 else "") for w in words) + "."
    return " ".join(words).capitalize() + "."


def _english(rng: random.Random, word: str) -> str:
    """An English word, now and then a name in the possessive or a hyphenated compound."""
    roll = rng.random()
    if roll < 0.04:
        return rng.choice(EN_NAMES) + rng.choice(APOSTROPHES) + "s"
    if roll < 0.07:
        return rng.choice(EN_NAMES)
    if roll < 0.10:
        return rng.choice(EN_COMPOUNDS).replace("-", rng.choice(HYPHENS))
    if roll < 0.13:
        return rng.choice(EN_WORDS)
    return word


def records(n: int, seed: int = 2016) -> list[dict[str, Any]]:
    """The section records (as the build's corpus writes them) of *n* documents, the languages
    in turn."""
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    for number in range(n):
        language = LANGUAGES[number % len(LANGUAGES)]
        doc_id = f"sample-{number:05d}"
        title = f"Sample document {number}: " + " ".join(_sentence(rng, language).split()[:4]).rstrip(".。")
        base = {
            "id": doc_id,
            "title": title,
            "countries": ["TH"],
            "themes": ["migration-routes"],
            "type": "paper",
            "event": "sample-2001",
            "session": "",
            "language": language,
            "date": f"{1995 + number % 7}-01",
            "year": 1995 + number % 7,
            "authors": [],
        }
        for section in range(rng.randint(2, 5)):
            heading = "" if section == 0 else f"Part {section}"
            anchor = heading.lower().replace(" ", "-")
            text = " ".join(_sentence(rng, language) for _ in range(rng.randint(2, 5)))
            url = f"documents/{doc_id}.html" + (f"#{anchor}" if anchor else "")
            out.append({**base, "section": heading, "anchor": anchor, "url": url, "text": text})
    return out
