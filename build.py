#!/usr/bin/env python3
"""Command line: build the site, serve it with live reload, or check the data.

python build.py                 build site/ with its search index
python build.py check           validate data/ only, and check that no published address was deleted or changed
                                meaning in any earlier commit of data/
python build.py changes         list the pages an edit adds, removes or changes (--against REV)
python build.py serve [--port]  rebuild on every save and reload the browser
python build.py --precompress    build site/ with a .gz and a .br copy beside every text file, for nginx
python build.py nginx --listen 127.0.0.1:8080 [--no-brotli]
                                print the nginx server block that serves the built site/ (headers, types,
                                404 page, 301s of former addresses, caching, the precompressed copies)
python build.py deploy DEST [--rollback]
                                copy the built site/ to DEST (a folder, or host:path over ssh) as a new release,
                                checked file by file, then switch DEST/current to it atomically; keeps five
python build.py new PATH --city 示例市 --publisher 示例市人民政府办公室 --site-url https://shili.example.gov.cn/
                                write a new site folder (site.yaml, registries, one edition of example data,
                                content/, README, a git repository); then build it with --root PATH
python build.py import FILE --edition YEAR [--force]
                                read the notice's two tables from Word (.docx, .doc) or Excel (.xlsx) into
                                data/YEAR/tasks.yaml, livelihood.yaml and document.yaml, checked before written
python build.py import FILE --edition YEAR --report NAME [--force]
                                a progress report kept in Excel (.xlsx) or CSV into data/YEAR/progress/NAME.yaml
python build.py export --edition YEAR FILE [--force]
                                write the edition's notice as Word (.docx) or Excel (.xlsx), for review
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

from disclosure.build.pipeline import build
from disclosure.config import Config, base_path
from disclosure.errors import BuildError, DataError
from disclosure.messages import BUILD_FAILED, CHECK_FAILED, COMPARE_FAILED, DEPLOY_FAILED, NGINX_FAILED, ROLLBACK_FAILED
from disclosure.tools import github

ROOT = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] in (["import"], ["export"]):  # tables from Word, Excel or CSV into data/, and back: own options
        from disclosure.office import cli

        return cli.main(argv)
    if argv[:1] == ["new"]:  # options of its own (--city, --publisher): its own parser
        from disclosure.tools import new

        return new.main(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "command",
        nargs="?",
        default="build",
        choices=["build", "check", "changes", "serve", "nginx", "deploy", "new"],
    )
    parser.add_argument("dest", nargs="?", help="deploy: a folder, or host:path (rsync over ssh; DEPLOY_SSH)")
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder holding data/, content/, templates/")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: <root>/site)")
    parser.add_argument(
        "--base-path",
        help="URL path the site is served under, e.g. /repo/ (default: BASE_PATH, else the path of the site's address)",
    )
    parser.add_argument(
        "--site-url",
        help="the address the site is published at, for permanent links, citations, the sitemap and feeds "
        "(default: SITE_URL, else site.yaml's site_url)",
    )
    parser.add_argument("--no-search", action="store_true", help="skip the search index (faster, for checks)")
    parser.add_argument(
        "--precompress", action="store_true", help="write NAME.gz and NAME.br beside every text file (for nginx)"
    )
    parser.add_argument("--listen", help="nginx: the address the server block listens on, e.g. 127.0.0.1:8080")
    parser.add_argument(
        "--server-root", help="nginx: the site's folder on the server (default: --out), e.g. DEST/current"
    )
    parser.add_argument("--rollback", action="store_true", help="deploy: point DEST/current at the release before")
    parser.add_argument("--no-brotli", action="store_true", help="nginx: leave out brotli_static (no module)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--against",
        help="check: compare with every commit of data/ up to REV (default HEAD); "
        "changes: the revision to compare with (default: HEAD, or HEAD~1 when clean)",
    )
    args = parser.parse_args(argv)
    if args.dest is not None and args.command != "deploy":
        parser.error(f"多余的参数“{args.dest}”:只有 deploy 带目标")
    given_base = args.base_path or os.environ.get("BASE_PATH") or None  # an empty variable counts as unset
    base = None if given_base is None else base_path(given_base)
    site_url = args.site_url or os.environ.get("SITE_URL") or None
    where = "--site-url" if args.site_url else "环境变量 SITE_URL"
    config = Config(base_path=base, site_url=site_url, site_url_from=where, precompress=args.precompress)
    out = args.out or args.root / (".site-dev" if args.command == "serve" else "site")  # dev builds never in site/

    if args.command == "serve":
        from disclosure.tools.serve import serve

        return serve(args.root, out, Config(base_path=base), args.port)  # always at http://127.0.0.1:PORT
    if args.command == "deploy":
        from disclosure.tools import deploy

        if args.dest is None:
            return fail(
                BuildError("请给出部署目标,例如 python build.py deploy /srv/disclosure(或 主机:路径)。"), DEPLOY_FAILED
            )
        try:
            print(deploy.rollback(args.dest) if args.rollback else deploy.deploy(out, args.dest))
        except BuildError as e:
            return fail(e, ROLLBACK_FAILED if args.rollback else DEPLOY_FAILED, "Deploy")
        return 0
    if args.command == "nginx":
        return print_nginx(args.root, out, config, args.listen, not args.no_brotli, args.server_root)
    if args.command == "changes":
        return show_changes(args.root, args.against, config)
    if args.command == "check":
        from disclosure.source import load, validate
        from disclosure.tools import deletions

        try:
            sources = load.read_sources(args.root, placed=True)  # positions: for what the history check finds
            site = validate.build_site(sources)
            config.settle(site.info)  # the address a build would publish at: a loopback one is refused here too
            print(deletions.check(args.root, sources, args.against))  # every earlier commit of data/, up to REV
        except (DataError, BuildError) as e:
            return fail(e, CHECK_FAILED, "Data check")
        print_warnings(site.warnings)
        if github.active():
            github.report("Data check", [], site.warnings)
        print(
            f"数据检查通过:{len(site.units)}个单位、{len(site.areas)}个地区;"
            + ";".join(f"{ed.year}年版 {len(ed.tasks)}项任务、民生实事{len(ed.indicators)}行" for ed in site.editions)
            + "。"
        )
        return 0

    from disclosure.build import write

    started = time.perf_counter()
    try:  # SIGTERM, SIGINT, SIGHUP: the staging folder is removed as on an error, and one line says so
        with write.stopping_on_signals():  # until the last line of the summary: no KeyboardInterrupt traceback
            try:
                report = build(args.root, out, config, with_search=not args.no_search)
            except (DataError, BuildError) as e:
                return fail(e)
            except OSError as e:  # last resort: a file system error no stage put into words
                return fail(BuildError(write.explain(e, out.resolve())))
            print_warnings(report.warnings)
            total = time.perf_counter() - started
            print(
                f"构建完成:{sum(report.files.values())} 个文件,用时 {total:.2f} s:"
                + "、".join(f"{n} {k}" for k, n in report.files.items())
            )
            print("各阶段用时:" + ", ".join(f"{k} {v:.2f} s" for k, v in report.seconds.items()))
            if c := report.compressed:
                print(
                    f"预压缩:{c['files']} 个文本文件 {c['raw'] / 1e6:.1f} MB,"
                    f"gzip 后 {c['gz'] / 1e6:.1f} MB,Brotli 后 {c['br'] / 1e6:.1f} MB"
                    f"(其中 {c['reused']} 个未改动,沿用上次的压缩文件)"
                )
            if report.indexed:
                print(f"搜索索引:{report.indexed} 个页面,pagefind/ 共 {report.index_bytes / 1e6:.1f} MB")
            served = f"http://127.0.0.1:{args.port}{base or '/'}"
            serve = "make serve" if args.root == ROOT else f"python {Path(sys.argv[0])} serve --root {args.root}"
            print(f"网站已写入 {out}/;用 {serve} 打开(然后访问 {served})")
            return 0
    except write.Stopped as e:
        for signum in write.STOP_SIGNALS:  # on the way out: a second Ctrl-C must not print a traceback
            signal.signal(signum, signal.SIG_IGN)
        print(f"构建被 {e.signal} 中止:site/ 完好无损,也没有留下临时文件夹。", file=sys.stderr)
        return e.status


def print_nginx(
    root: Path, out: Path, config: Config, listen: str | None, brotli: bool, server_root: str | None
) -> int:
    """The server block for the site built in out, on stdout; what is missing, on stderr."""
    from disclosure.tools import nginx

    if not listen:
        return fail(
            BuildError("请用 --listen 给出 nginx 监听的地址,例如 --listen 127.0.0.1:8080 或 --listen 80。"),
            NGINX_FAILED,
        )
    try:
        site = nginx.served(root, out, config, brotli, server_root)
        block = nginx.server_block(site, config, nginx.listen_address(listen))
    except DataError as e:
        return fail(e, CHECK_FAILED, "nginx")
    except BuildError as e:
        return fail(e, NGINX_FAILED, "nginx")
    if not nginx.precompressed(out):
        print(f"提示:{out} 构建时没有 --precompress,没有 .gz 和 .br 文件,nginx 将发送未压缩的文件。", file=sys.stderr)
    print(block, end="")
    return 0


def fail(error: Exception, headline: str = BUILD_FAILED, title: str = "Build") -> int:
    print(f"{headline}\n{error}", file=sys.stderr)
    if github.active():
        if isinstance(error, DataError | BuildError) and error.problems:  # placed: annotated on their lines
            github.report(title, list(error.problems))
        else:
            github.report(title, [], other=str(error))
    return 1


def show_changes(root: Path, against: str | None, config: Config) -> int:
    from disclosure.tools import changes, deletions

    rev = against if against and against.strip("0") else deletions.previous_revision(root)  # 000…: a new branch
    try:
        if rev is None:
            raise BuildError("没有可以比较的上一次提交")
        text = changes.compare(root, rev, config).markdown()
    except DataError as e:  # the working tree itself: `check` and `build` report it, file by file
        return fail(e, COMPARE_FAILED, "Pages changed")
    except BuildError as e:  # nothing to compare with: worth saying, not worth failing the run
        text = f"## 页面变化\n\n没有比较:{e}\n"
    print(text)
    if github.active():
        github.add_to_summary(text)
    return 0


def print_warnings(warnings: tuple) -> None:
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
