"""Fills the gettext catalogs after ``manage.py makemessages -l en -l vi``.

Source strings are Vietnamese (the primary language). Model labels written as
"tiếng Việt / English" become the Vietnamese half in ``vi`` and the English half in
``en``; other strings take their English text from EN below. Run ``make messages``."""

from __future__ import annotations

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent

EN = {
    "[OCOP] Xác nhận email để hoàn tất đăng ký": "[OCOP] Confirm your e-mail to finish signing up",
    "Chào bạn,\n\nMở liên kết sau để xác nhận email và đăng nhập vào tài khoản OCOP Quảng Bình của bạn:\n%(link)s\n\nNếu bạn không đăng ký, hãy bỏ qua thư này.\n": "Hello,\n\nOpen this link to confirm your e-mail and sign in to your OCOP Quảng Bình account:\n%(link)s\n\nIf you did not sign up, ignore this message.\n",
    "Xác nhận email": "Confirm your e-mail",
    "Xác nhận %(email)s và đăng nhập vào tài khoản mới của bạn.": "Confirm %(email)s and sign in to your new account.",
    "Xác nhận và đăng nhập": "Confirm and sign in",
    "Liên kết không hợp lệ, đã hết hạn hoặc đã được dùng.": "This link is not valid, has expired or has been used.",
    "Mở liên kết trong thư để xác nhận email và đăng nhập; giỏ hàng của bạn vẫn được giữ.": "Open the link in the message to confirm your e-mail and sign in; your cart is kept.",
    "Chỉ nhận tệp PDF, JPEG hoặc PNG đọc được.": "Only readable PDF, JPEG or PNG files are accepted.",
    "Tệp quá lớn (tối đa %(mb)s MB).": "File too large (%(mb)s MB at most).",
    "Tệp quá lớn.": "File too large.",
    "Tải về": "Download",
    "Giấy chứng nhận đăng ký kinh doanh (PDF/JPEG/PNG)": "Business registration certificate (PDF/JPEG/PNG)",
    "Giấy chứng nhận ATTP (nếu có)": "Food safety certificate (if any)",
    "Tệp quá lớn (tối đa 10 MB).": "File too large (10 MB at most).",
    "Chỉ nhận PDF, JPEG hoặc PNG.": "PDF, JPEG or PNG only.",
    "Email đăng nhập": "Sign-in e-mail",
    "Họ tên người đăng ký": "Applicant's full name",
    "Mật khẩu": "Password",
    "Quyết định 148/QĐ-TTg (2023)": "Decision 148/QĐ-TTg (2023)",
    "Quyết định 1048/QĐ-TTg (2019)": "Decision 1048/QĐ-TTg (2019)",
    "Kênh người bán": "Seller centre",
    "Quản trị": "Administration",
    "Đăng xuất": "Sign out",
    "Đăng nhập": "Sign in",
    "Ngôn ngữ": "Language",
    "Đã nhận hồ sơ": "Application received",
    "Hồ sơ của %(name)s đã được gửi tới Văn phòng OCOP tỉnh. Bạn sẽ nhận email khi hồ sơ được duyệt.": "The application of %(name)s has been sent to the provincial OCOP office. You will get an e-mail once it is approved.",
    "Đăng ký nhà sản xuất OCOP": "OCOP producer application",
    "Đăng ký mở gian hàng cho nhà sản xuất OCOP": "Apply to open a shop as an OCOP producer",
    "Văn phòng OCOP tỉnh sẽ xét duyệt hồ sơ; khi được duyệt, gian hàng của bạn được tạo tự động.": "The provincial OCOP office reviews applications; once approved, your shop is created automatically.",
    "Tài khoản người đăng ký": "Applicant account",
    "Thông tin nhà sản xuất": "Producer details",
    "Gửi hồ sơ": "Submit application",
    "Tên đăng nhập": "Username",
    "Tổng quan": "Overview",
    "Sản phẩm": "Products",
    "Tồn kho": "Stock",
    "Nhập/Xuất CSV": "CSV import/export",
    "Hồ sơ gian hàng": "Shop profile",
    "Chọn gian hàng": "Choose a shop",
    "Tài khoản này chưa thuộc gian hàng nào. Nhà sản xuất cần được Văn phòng OCOP duyệt hồ sơ trước khi mở gian hàng.": "This account does not belong to any shop yet. A producer's application must be approved by the OCOP office before its shop opens.",
    "Xuất": "Export",
    "Sản phẩm + tồn kho kho chính (CSV)": "Products + warehouse stock (CSV)",
    "Tồn kho mọi vị trí (CSV)": "Stock at every location (CSV)",
    "Nhập": "Import",
    "Mỗi dòng là một phân loại; các dòng cùng product_key là một sản phẩm. Dòng có SKU đã có sẽ được cập nhật. Nếu có lỗi, không dòng nào được nhập.": "One row per variant; rows with the same product_key form one product. Rows with an existing SKU update it. If any row has an error, nothing is imported.",
    "Cột": "Columns",
    "Đã nhập %(r)s dòng: %(cp)s sản phẩm mới, %(up)s cập nhật; %(cv)s phân loại mới, %(uv)s cập nhật.": "Imported %(r)s rows: %(cp)s new products, %(up)s updated; %(cv)s new variants, %(uv)s updated.",
    "Dòng": "Row",
    "Lỗi": "Error",
    "sản phẩm": "products",
    "đang bán": "published",
    "hết hàng": "out of stock",
    "MST": "Tax code",
    "Biến động kho gần đây": "Recent stock movements",
    "Thời gian": "Time",
    "Vị trí": "Location",
    "Thay đổi": "Change",
    "Lý do": "Reason",
    "Chưa có biến động.": "No movements yet.",
    "Thêm sản phẩm": "Add product",
    "Phân loại, giá và mã vạch": "Variants, prices and barcodes",
    "Tên phân loại": "Variant name",
    "Mã vạch EAN-13": "EAN-13 barcode",
    "Giá (đ)": "Price (VND)",
    "Giá gốc (đ)": "Compare-at price (VND)",
    "Khối lượng (g)": "Weight (g)",
    "Xoá": "Delete",
    "Mã vạch": "Barcode",
    "Giá": "Price",
    "Giá gốc": "Compare-at price",
    "Khối lượng": "Weight",
    "Để trống mã vạch nếu sản phẩm chưa có mã GS1: hệ thống sẽ cấp mã nội bộ (đầu 20).": "Leave the barcode empty if the product has no GS1 code: the system issues an internal code (prefix 20).",
    "Lưu sản phẩm": "Save product",
    "sao": "stars",
    "điểm": "points",
    "Quyết định": "Decision",
    "Hiệu lực đến": "Valid until",
    "Chưa có chứng nhận OCOP còn hiệu lực.": "No valid OCOP certificate.",
    "Ảnh sản phẩm": "Product images",
    "Kéo thả ảnh vào đây hoặc bấm để chọn (JPEG, PNG, WebP; tối đa 10 MB)": "Drop images here or click to choose (JPEG, PNG, WebP; 10 MB at most)",
    "Chọn ảnh": "Choose images",
    "Thứ tự ảnh (kéo để sắp xếp)": "Image order (drag to reorder)",
    "Xoá ảnh": "Delete image",
    "Kéo ảnh để đổi thứ tự; ảnh đầu tiên là ảnh đại diện.": "Drag images to reorder; the first one is the main image.",
    "Xoá sản phẩm này?": "Delete this product?",
    "Xoá sản phẩm": "Delete product",
    "Lưu sản phẩm trước, sau đó thêm ảnh.": "Save the product first, then add images.",
    "Tìm theo tên, SKU, mã vạch": "Search by name, SKU, barcode",
    "Trạng thái": "Status",
    "Tất cả": "All",
    "Nhóm sản phẩm": "Product group",
    "Còn hàng": "In stock",
    "Hết hàng": "Out of stock",
    "Mỗi trang": "Per page",
    "Lọc": "Filter",
    "%(n)s sản phẩm": ("%(n)s product", "%(n)s products"),
    "%(n)s lỗi — không có dòng nào được nhập": (
        "%(n)s error — nothing was imported",
        "%(n)s errors — nothing was imported",
    ),
    "Ảnh": "Image",
    "Tên": "Name",
    "Nhóm": "Group",
    "Tồn": "Stock",
    "phân loại": "variants",
    "Không có sản phẩm phù hợp.": "No matching products.",
    "Phân trang": "Pagination",
    "Trước": "Previous",
    "Trang %(n)s/%(total)s": "Page %(n)s of %(total)s",
    "Sau": "Next",
    "Lưu": "Save",
    "Tồn kho theo vị trí": "Stock by location",
    "Tìm sản phẩm/SKU": "Search product/SKU",
    "Xuất CSV tồn kho": "Export stock CSV",
    "Số lượng": "Quantity",
    "Điều chỉnh": "Adjust",
    "Ghi chú": "Note",
    "Chưa có tồn kho.": "No stock yet.",
    "Nhập kho / điều chỉnh cho phân loại khác": "Receive / adjust another variant",
    "Phân loại": "Variant",
    "Thay đổi (+/−)": "Change (+/−)",
    "Hàng tại điểm bán được chuyển bằng phiếu ký gửi từ kho của gian hàng.": "Goods reach sale points by consignment transfers from the shop's warehouse.",
    "Sổ biến động kho": "Stock ledger",
    "Người thực hiện": "By",
    "Mã vạch EAN-13 (để trống: hệ thống cấp)": "EAN-13 barcode (empty: the system issues one)",
    "Tệp CSV (UTF-8)": "CSV file (UTF-8)",
    "Đã lưu hồ sơ gian hàng.": "Shop profile saved.",
    "Đã lưu sản phẩm.": "Product saved.",
    "Đã xoá sản phẩm.": "Product deleted.",
    "Chưa chọn ảnh.": "No image chosen.",
    "Đã cập nhật tồn kho: %(sku)s = %(qty)s": "Stock updated: %(sku)s = %(qty)s",
    "Đã nhập %(n)s dòng.": "Imported %(n)s rows.",
    "Sản phẩm OCOP Quảng Bình": "OCOP products of Quảng Bình",
    "Theo huyện": "By district",
    "Sản phẩm 4–5 sao nổi bật": "Featured 4–5 star products",
    "Chưa có sản phẩm.": "No products yet.",
    "Livestream": "Livestream",
    "email": "e-mail",
}


def split_bilingual(msgid: str) -> tuple[str, str] | None:
    if " / " in msgid:
        vi, en = msgid.rsplit(" / ", 1)
        return vi.strip(), en.strip()
    return None


def fill(lang: str) -> list[str]:
    path = ROOT / "locale" / lang / "LC_MESSAGES" / "django.po"
    catalog = polib.pofile(str(path))
    missing = []
    for entry in catalog:
        pair = split_bilingual(entry.msgid)
        if lang == "vi":
            if pair:
                entry.msgstr = pair[0]
            continue
        if pair:
            entry.msgstr = pair[1]
        elif entry.msgid in EN:
            value = EN[entry.msgid]
            if entry.msgid_plural:
                singular, plural = value if isinstance(value, tuple) else (value, value)
                entry.msgstr_plural = {0: singular, 1: plural}
            else:
                entry.msgstr = value if isinstance(value, str) else value[0]
        else:
            missing.append(entry.msgid)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalog.save(str(path))
    catalog.save_as_mofile(str(path.with_suffix(".mo")))
    return missing


if __name__ == "__main__":
    for language in ("en", "vi"):
        left = fill(language)
        for msgid in left:
            print(f"[{language}] untranslated: {msgid!r}", file=sys.stderr)
