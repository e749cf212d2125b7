"""Reading uploaded text: encodings, line ends, empty, binary and oversized pages."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from initiatives.reading import MAX_PAGE_CHARS, ReadingError, decode, read_page


def test_decode_utf8_with_and_without_bom():
    text = "本报讯（记者 张三）全县新建5个站点。"
    assert decode(text.encode("utf-8")) == text
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == text


def test_decode_gb18030():
    text = "本报讯（记者 张三）全县新建5个站点。"
    assert decode(text.encode("gb18030")) == text


def test_decode_utf16_with_byte_order_mark():
    text = "本报讯（记者 张三）全县新建5个站点。"
    assert decode(text.encode("utf-16")) == text


def test_decode_unifies_line_ends():
    assert decode("甲。\r\n乙。\r丙。".encode()) == "甲。\n乙。\n丙。"


@pytest.mark.parametrize("data", [b"", b"   \n\n", "　\n".encode()])
def test_decode_rejects_empty(data):
    with pytest.raises(ReadingError, match="空|没有"):
        decode(data)


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"PK\x03\x04\x14\x00\x00\x00", bytes(range(256))],
)
def test_decode_rejects_binary(data):
    with pytest.raises(ReadingError, match="二进制|编码"):
        decode(data)


def test_decode_and_read_reject_pages_over_the_limit():
    big = "本报讯（记者 张三）" + "全县新建站点。" * (MAX_PAGE_CHARS // 7 + 10)
    with pytest.raises(ReadingError, match=str(MAX_PAGE_CHARS)):
        decode(big.encode())
    with pytest.raises(ReadingError, match="过长"):
        read_page(big)


def test_empty_text_is_a_reading_error():
    with pytest.raises(ReadingError):
        read_page("  \n \n")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_decode_never_crashes(data):
    try:
        text = decode(data)
    except ReadingError:
        return
    assert isinstance(text, str)
