"""The headlines of a failed build, check or dev-server build: each explains, once, how positions are written.

Every problem below a headline starts with `file:line:col:` (tools and CI annotations read it); an editor
reads the headline first, so it says what the three numbers are.
"""

from __future__ import annotations

# How a position is written, said once per report, in the headline.
POSITIONS = "(位置写作 文件:行:列,例如 data/2023/tasks.yaml:12:7 即该文件第12行第7列)"


def headline(what: str) -> str:
    """What failed, then how to read the positions below it."""
    return f"{what}请按下列位置修改{POSITIONS}:"


BUILD_FAILED = headline("构建失败,site/ 没有改动。")
CHECK_FAILED = headline("数据检查没有通过。")
SERVE_FAILED = headline("构建失败,仍在显示上一次成功构建的页面。")
COMPARE_FAILED = headline("无法比较页面。")
DEPLOY_FAILED = "部署失败,目标上正在使用的版本(current)没有改动:"
ROLLBACK_FAILED = "没有回退,目标上正在使用的版本(current)没有改动:"
NGINX_FAILED = "没有生成 nginx 配置:"
