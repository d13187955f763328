"""Đảng phí: dues profiles, monthly obligations, payments, remittances and reports (issue 15)."""
