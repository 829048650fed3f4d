"""Texts of signing in and out (csat/identity.py): the sign-in page and the sign-out button (who is signed in: csat/texts/access.py)."""

TEXTS: dict[str, dict[str, str]] = {
    "sign_in.title": {"zh": "请先登录", "en": "Please sign in"},
    "sign_in.why": {"zh": "客户满意度看板只对有权限的同事开放：请用公司账号登录，看板会按您的权限显示数据。",
                    "en": "The customer-satisfaction dashboard is open to colleagues with access: sign in with your "
                          "company account and it shows the data your access allows."},
    "sign_in.button": {"zh": "登录", "en": "Sign in"},
    "sign_in.no_header": {"zh": "看板没有收到您的登录身份：请通过公司的登录入口打开看板。",
                          "en": "The dashboard did not receive who you are: open it through the company's sign-in "
                                "address."},
    "sign_in.misconfigured": {"zh": "登录设置无法读取，暂时无法登录：请联系看板管理员（详情见服务器日志）。",
                              "en": "The sign-in settings cannot be read, so signing in is not possible for now: "
                                    "please tell the dashboard's administrator (details in the server log)."},
    "sign_in.sign_out": {"zh": "退出登录", "en": "Sign out"},
}
