"""OCOP product groups. 148/QĐ-TTg (2023): six groups. 1048/QĐ-TTg (2019): the older list
that certificates issued under it still refer to."""

PRODUCT_GROUPS: dict[str, list[tuple[str, str, str]]] = {
    "148/2023": [
        ("thuc-pham", "Thực phẩm", "Food"),
        ("do-uong", "Đồ uống", "Beverages"),
        ("duoc-lieu", "Dược liệu và sản phẩm từ dược liệu", "Medicinal herbs and herbal products"),
        ("thu-cong-my-nghe", "Thủ công mỹ nghệ", "Handicrafts"),
        ("sinh-vat-canh", "Sinh vật cảnh", "Ornamental plants and animals"),
        (
            "du-lich",
            "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
            "Community and eco-tourism services and tourist sites",
        ),
    ],
    "1048/2019": [
        ("thuc-pham", "Thực phẩm", "Food"),
        ("do-uong", "Đồ uống", "Beverages"),
        ("thao-duoc", "Thảo dược", "Herbal products"),
        ("vai-may-mac", "Vải và may mặc", "Textiles and garments"),
        (
            "luu-niem-noi-that-trang-tri",
            "Lưu niệm - nội thất - trang trí",
            "Souvenirs, furniture and decoration",
        ),
        (
            "du-lich-nong-thon",
            "Dịch vụ du lịch nông thôn, bán hàng",
            "Rural tourism services and sales",
        ),
    ],
}
