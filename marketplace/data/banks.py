"""Banks of the NAPAS 247 network that VietQR transfers reach, by their BIN (the 6-digit
bank identification number a VietQR code and a bank transfer file carry). One list for the
producer's bank picker, the payout files and the buyer's VietQR page."""

from __future__ import annotations

#: (BIN, short name as customers know it, full name)
NAPAS_BANKS: tuple[tuple[str, str, str], ...] = (
    ("970436", "Vietcombank", "Ngân hàng TMCP Ngoại thương Việt Nam"),
    ("970415", "VietinBank", "Ngân hàng TMCP Công thương Việt Nam"),
    ("970418", "BIDV", "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam"),
    ("970405", "Agribank", "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam"),
    ("970422", "MB Bank", "Ngân hàng TMCP Quân đội"),
    ("970407", "Techcombank", "Ngân hàng TMCP Kỹ thương Việt Nam"),
    ("970416", "ACB", "Ngân hàng TMCP Á Châu"),
    ("970432", "VPBank", "Ngân hàng TMCP Việt Nam Thịnh Vượng"),
    ("970423", "TPBank", "Ngân hàng TMCP Tiên Phong"),
    ("970403", "Sacombank", "Ngân hàng TMCP Sài Gòn Thương Tín"),
    ("970437", "HDBank", "Ngân hàng TMCP Phát triển TP. Hồ Chí Minh"),
    ("970441", "VIB", "Ngân hàng TMCP Quốc tế Việt Nam"),
    ("970443", "SHB", "Ngân hàng TMCP Sài Gòn – Hà Nội"),
    ("970448", "OCB", "Ngân hàng TMCP Phương Đông"),
    ("970431", "Eximbank", "Ngân hàng TMCP Xuất Nhập khẩu Việt Nam"),
    ("970426", "MSB", "Ngân hàng TMCP Hàng Hải Việt Nam"),
    ("970440", "SeABank", "Ngân hàng TMCP Đông Nam Á"),
    ("970449", "LPBank", "Ngân hàng TMCP Lộc Phát Việt Nam"),
    ("970454", "BVBank", "Ngân hàng TMCP Bản Việt"),
    ("970452", "KienlongBank", "Ngân hàng TMCP Kiên Long"),
    ("970428", "Nam A Bank", "Ngân hàng TMCP Nam Á"),
    ("970409", "Bac A Bank", "Ngân hàng TMCP Bắc Á"),
    ("970412", "PVcomBank", "Ngân hàng TMCP Đại Chúng Việt Nam"),
    ("970419", "NCB", "Ngân hàng TMCP Quốc Dân"),
    ("970425", "ABBANK", "Ngân hàng TMCP An Bình"),
    ("970427", "VietABank", "Ngân hàng TMCP Việt Á"),
    ("970430", "PG Bank", "Ngân hàng TMCP Thịnh vượng và Phát triển"),
    ("970438", "BaoViet Bank", "Ngân hàng TMCP Bảo Việt"),
    ("970400", "Saigonbank", "Ngân hàng TMCP Sài Gòn Công Thương"),
    ("970433", "VietBank", "Ngân hàng TMCP Việt Nam Thương Tín"),
    ("970406", "DongA Bank", "Ngân hàng TMCP Đông Á"),
    ("970429", "SCB", "Ngân hàng TMCP Sài Gòn"),
    ("970446", "Co-opBank", "Ngân hàng Hợp tác xã Việt Nam"),
    ("970424", "Shinhan Bank", "Ngân hàng TNHH MTV Shinhan Việt Nam"),
    ("970457", "Woori Bank", "Ngân hàng TNHH MTV Woori Việt Nam"),
)

#: BIN → short name
BANK_NAMES: dict[str, str] = {bin_: short for bin_, short, _name in NAPAS_BANKS}
