/* test_calls_access: item 32 — web handlers joined to the model calls they reach, what
 * protects them (auth, rate limit, roles, from the handler or from elsewhere), exposure,
 * and the access.model-endpoint-* findings. Run from anywhere inside the repository. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "calls.h"
#include "parse.h"
#include "source.h"

static calls_catalog *cat;

static int setup(void **state)
{
    (void)state;
    struct stat st;
    for (int i = 0; i < 6 && stat("rules/sdks", &st) != 0; i++)
        if (chdir("..") != 0) break;
    char *err = NULL;
    cat = calls_catalog_load("rules/sdks", &err);
    if (!cat) fprintf(stderr, "catalog: %s\n", err ? err : "?");
    free(err);
    return cat ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    calls_catalog_free(cat);
    return 0;
}

typedef struct src_spec { const char *path; lang lang; const char *text; } src_spec;

static void analyze(const src_spec *specs, size_t n, finding_list *findings)
{
    parser_set *ps = parse_new();
    calls_file **files = xcalloc(n, sizeof *files);
    for (size_t i = 0; i < n; i++) {
        source s;
        source_init_text(&s, specs[i].path, specs[i].lang, specs[i].text, strlen(specs[i].text));
        if (specs[i].lang == LANG_NONE) {
            files[i] = calls_analyze_text(cat, &s);
        } else {
            TSTree *t = parse_source(ps, &s);
            files[i] = calls_analyze(cat, &s, t);
            ts_tree_delete(t);
        }
        source_free(&s);
    }
    model_call_list calls = {0};
    calls_finish(cat, files, n, &calls, findings);
    model_call_list_free(&calls);
    for (size_t i = 0; i < n; i++) calls_file_free(files[i]);
    free(files);
    parse_free(ps);
}

/* The access.model-endpoint-* finding of a rule at file:line, or NULL. */
static const finding *find(const finding_list *f, const char *rule, const char *file, uint32_t line)
{
    for (size_t i = 0; i < f->len; i++)
        if (!strcmp(f->items[i].rule, rule) && !strcmp(f->items[i].file, file) && f->items[i].line == line)
            return &f->items[i];
    return NULL;
}

static size_t count(const finding_list *f, const char *prefix)
{
    size_t n = 0;
    for (size_t i = 0; i < f->len; i++) n += !strncmp(f->items[i].rule, prefix, strlen(prefix));
    return n;
}

static void dump(const finding_list *f)
{
    for (size_t i = 0; i < f->len; i++)
        if (!strncmp(f->items[i].rule, "access.", 7))
            fprintf(stderr, "  %s %s %s:%u %s\n", f->items[i].rule, severity_name(f->items[i].severity), f->items[i].file,
                    f->items[i].line, f->items[i].message);
}

#define LLM_PY                                                                                         \
    "from openai import OpenAI\n"                                                                      \
    "client = OpenAI(timeout=10)\n"                                                                    \
    "def answer(q):\n"                                                                                 \
    "    return client.chat.completions.create(model='gpt-4o-mini', messages=[{'role': 'user', 'content': q}])\n"

static const char *const fastapi_main =
    "from fastapi import Depends, FastAPI, Request\n"                      /* 1 */
    "from slowapi import Limiter\n"                                        /* 2 */
    "from .llm import answer\n"                                            /* 3 */
    "from .auth import get_current_user, require_role\n"                   /* 4 */
    "app = FastAPI()\n"                                                    /* 5 */
    "limiter = Limiter(key_func=lambda r: 'x')\n"                          /* 6 */
    "@app.post('/chat')\n"                                                 /* 7 */
    "async def chat(q: str, db=Depends(get_db)):\n"                        /* 8 */
    "    return answer(q)\n"                                               /* 9 */
    "@app.post('/me')\n"                                                   /* 10 */
    "async def me(q: str, user=Depends(get_current_user)):\n"              /* 11 */
    "    return answer(q)\n"                                               /* 12 */
    "@app.post('/admin')\n"                                                /* 13 */
    "async def admin(q: str, user=Depends(require_role('admin'))):\n"      /* 14 */
    "    return answer(q)\n"                                               /* 15 */
    "@app.post('/limited')\n"                                              /* 16 */
    "@limiter.limit('5/minute')\n"                                         /* 17 */
    "async def limited(request: Request, q: str):\n"                       /* 18 */
    "    return answer(q)\n"                                               /* 19 */
    "@app.post('/echo')\n"                                                 /* 20 */
    "async def echo(q: str):\n"                                            /* 21 */
    "    return {'q': q}\n";                                               /* 22 */

static void test_fastapi_exposed(void **state)
{
    (void)state;
    finding_list fs = {0};
    src_spec s[] = {
        {"Dockerfile", LANG_NONE, "FROM python:3.12\nCMD [\"uvicorn\", \"app.main:app\", \"--host\", \"0.0.0.0\"]\n"},
        {".github/workflows/deploy.yml", LANG_NONE, "jobs:\n  deploy:\n    steps:\n      - uses: docker/build-push-action@v5\n"},
        {"app/llm.py", LANG_PYTHON, LLM_PY},
        {"app/main.py", LANG_PYTHON, fastapi_main},
    };
    analyze(s, 4, &fs);
    const finding *f = find(&fs, "access.model-endpoint-unauthenticated", "app/main.py", 7);
    if (!f) dump(&fs);
    assert_non_null(f);
    assert_int_equal(f->severity, SEV_BLOCKER);
    assert_int_equal(f->effect, EFFECT_VIOLATES);
    assert_int_equal(f->items[0], 32);
    assert_non_null(strstr(f->message, "POST /chat"));
    assert_non_null(strstr(f->message, "app/llm.py:4"));    /* the model call it reaches */
    assert_non_null(strstr(f->message, "via answer"));
    assert_non_null(strstr(f->message, "Dockerfile:2"));    /* why it is exposed */
    assert_non_null(find(&fs, "access.model-endpoint-authenticated", "app/main.py", 10));
    assert_null(find(&fs, "access.model-endpoint-roles", "app/main.py", 10));
    assert_non_null(find(&fs, "access.model-endpoint-authenticated", "app/main.py", 13));
    assert_non_null(find(&fs, "access.model-endpoint-roles", "app/main.py", 13));
    f = find(&fs, "access.model-endpoint-unauthenticated", "app/main.py", 16);
    assert_non_null(f);
    /* rate-limited but unauthenticated on an exposed service: still a Blocker (LABELLING) */
    assert_int_equal(f->severity, SEV_BLOCKER);
    assert_non_null(strstr(f->message, "limiter.limit"));
    /* a route that reaches no model call drops out */
    assert_null(find(&fs, "access.model-endpoint-unauthenticated", "app/main.py", 20));
    assert_int_equal(count(&fs, "access.model-endpoint-"), 5);
    finding_list_free(&fs);
}

static void test_not_exposed(void **state)
{
    (void)state;
    finding_list fs = {0};
    /* a 0.0.0.0 bind without any deploy config is not plainly exposed */
    src_spec s[] = {
        {"app/llm.py", LANG_PYTHON, LLM_PY},
        {"app/main.py", LANG_PYTHON, fastapi_main},
        {"run.py", LANG_PYTHON, "import uvicorn\nuvicorn.run('app.main:app', host='0.0.0.0')\n"},
    };
    analyze(s, 3, &fs);
    const finding *f = find(&fs, "access.model-endpoint-unauthenticated", "app/main.py", 7);
    assert_non_null(f);
    assert_int_equal(f->severity, SEV_WARNING);
    assert_non_null(strstr(f->message, "no public exposure found"));
    finding_list_free(&fs);

    /* a Dockerfile and a docker-compose file with no workflow that deploys them: not exposed */
    src_spec d[] = {
        {"Dockerfile", LANG_NONE, "FROM python:3.12\nCMD [\"uvicorn\", \"app.main:app\", \"--host\", \"0.0.0.0\"]\n"},
        {"docker-compose.yml", LANG_NONE, "services:\n  app:\n    build: .\n"},
        {".github/workflows/test.yml", LANG_NONE, "jobs:\n  test:\n    steps:\n      - run: pytest\n"},
        {"app/llm.py", LANG_PYTHON, LLM_PY},
        {"app/main.py", LANG_PYTHON, fastapi_main},
    };
    finding_list fd = {0};
    analyze(d, 5, &fd);
    f = find(&fd, "access.model-endpoint-unauthenticated", "app/main.py", 7);
    assert_non_null(f);
    assert_int_equal(f->severity, SEV_WARNING);
    finding_list_free(&fd);

    /* a hosting config alone (a Procfile, fly.toml, render.yaml ...) exposes the service; an
     * example's hosting config does not */
    src_spec h[] = {
        {"examples/fly.toml", LANG_NONE, "app = 'demo'\n"},
        {"app/llm.py", LANG_PYTHON, LLM_PY},
        {"app/main.py", LANG_PYTHON, fastapi_main},
        {"render.yaml", LANG_NONE, "services:\n  - type: web\n"},
    };
    finding_list fh = {0};
    analyze(h, 4, &fh);
    f = find(&fh, "access.model-endpoint-unauthenticated", "app/main.py", 7);
    assert_non_null(f);
    assert_int_equal(f->severity, SEV_BLOCKER);
    assert_non_null(strstr(f->message, "render.yaml"));
    finding_list_free(&fh);
    analyze(h, 3, &fh);
    f = find(&fh, "access.model-endpoint-unauthenticated", "app/main.py", 7);
    assert_non_null(f);
    assert_int_equal(f->severity, SEV_WARNING);
    finding_list_free(&fh);
    /* a Cloudflare Workers config is a hosting config too, also in its JSONC form */
    src_spec cf[] = {
        {"app/llm.py", LANG_PYTHON, LLM_PY},
        {"app/main.py", LANG_PYTHON, fastapi_main},
        {"wrangler.jsonc", LANG_NONE, "{ \"name\": \"demo\", \"main\": \"app/main.py\" }\n"},
    };
    analyze(cf, 3, &fh);
    f = find(&fh, "access.model-endpoint-unauthenticated", "app/main.py", 7);
    assert_non_null(f);
    assert_int_equal(f->severity, SEV_BLOCKER);
    assert_non_null(strstr(f->message, "wrangler.jsonc"));
    finding_list_free(&fh);

    /* the same handler under tests/ reports at info */
    src_spec t[] = {
        {"Procfile", LANG_NONE, "web: uvicorn app:app --host 0.0.0.0\n"},
        {"tests/app.py", LANG_PYTHON,
         "from fastapi import FastAPI\nfrom openai import OpenAI\nclient = OpenAI()\napp = FastAPI()\n"
         "@app.post('/x')\ndef x(q: str):\n    return client.chat.completions.create(model='gpt-4o', messages=[])\n"},
    };
    finding_list ft = {0};
    analyze(t, 2, &ft);
    f = find(&ft, "access.model-endpoint-unauthenticated", "tests/app.py", 5);
    assert_non_null(f);
    assert_int_equal(f->severity, SEV_INFO);
    finding_list_free(&ft);
}

static void test_router_dependencies(void **state)
{
    (void)state;
    finding_list fs = {0};
    src_spec s[] = {
        {"app/llm.py", LANG_PYTHON, LLM_PY},
        {"app/main.py", LANG_PYTHON,
         "from fastapi import Depends, FastAPI\n"
         "from .routers import chat, open_routes\n"
         "from .auth import verify_api_key\n"
         "app = FastAPI()\n"
         "app.include_router(chat.router, dependencies=[Depends(verify_api_key)])\n"
         "app.include_router(open_routes.router)\n"},
        {"app/routers/chat.py", LANG_PYTHON,
         "from fastapi import APIRouter\nfrom ..llm import answer\nrouter = APIRouter(prefix='/v1')\n"
         "@router.post('/chat')\nasync def chat(q: str):\n    return answer(q)\n"},
        {"app/routers/open_routes.py", LANG_PYTHON,
         "from fastapi import APIRouter\nfrom ..llm import answer\nrouter = APIRouter()\n"
         "@router.post('/open')\nasync def open_chat(q: str):\n    return answer(q)\n"},
        {"app/secured.py", LANG_PYTHON,
         "from fastapi import APIRouter, Depends\nfrom .llm import answer\nfrom .auth import get_current_user\n"
         "router = APIRouter(dependencies=[Depends(get_current_user)])\n"
         "@router.post('/s')\nasync def s(q: str):\n    return answer(q)\n"},
    };
    analyze(s, 5, &fs);
    const finding *f = find(&fs, "access.model-endpoint-authenticated", "app/routers/chat.py", 4);
    if (!f) dump(&fs);
    assert_non_null(f);
    assert_non_null(strstr(f->message, "POST /v1/chat"));
    assert_non_null(strstr(f->message, "verify_api_key"));
    assert_non_null(strstr(f->message, "app/main.py:5"));
    assert_non_null(find(&fs, "access.model-endpoint-unauthenticated", "app/routers/open_routes.py", 4));
    assert_non_null(find(&fs, "access.model-endpoint-authenticated", "app/secured.py", 5));
    finding_list_free(&fs);
}

static void test_flask_and_django(void **state)
{
    (void)state;
    finding_list fs = {0};
    src_spec s[] = {
        {"web/flask_app.py", LANG_PYTHON,
         "from flask import Flask, request\nfrom flask_login import login_required\nfrom openai import OpenAI\n"
         "client = OpenAI()\napp = Flask(__name__)\n"
         "def ask(q):\n    return client.chat.completions.create(model='gpt-4o', messages=[{'role': 'user', 'content': q}])\n"
         "@app.route('/ask', methods=['POST'])\n"       /* 8 */
         "@login_required\n"
         "def ask_view():\n    return ask(request.json['q'])\n"
         "@app.route('/free', methods=['POST'])\n"      /* 12 */
         "def free():\n    return ask(request.json['q'])\n"},
        {"chat/views.py", LANG_PYTHON,
         "from django.contrib.auth.decorators import login_required\n"
         "from django.contrib.auth.mixins import LoginRequiredMixin\n"
         "from django.views import View\n"
         "from django.http import JsonResponse\n"
         "from .llm import answer\n"
         "@login_required\n"                            /* 6 */
         "def private(request):\n    return JsonResponse({'a': answer(request.POST['q'])})\n"
         "def public(request):\n    return JsonResponse({'a': answer(request.POST['q'])})\n" /* 9 */
         "class ChatView(LoginRequiredMixin, View):\n"
         "    def post(self, request):\n"               /* 12 */
         "        return JsonResponse({'a': answer(request.POST['q'])})\n"
         "def helper(x):\n    return answer(x)\n"},    /* not a view: no request */
        {"chat/llm.py", LANG_PYTHON, LLM_PY},
    };
    analyze(s, 3, &fs);
    if (!find(&fs, "access.model-endpoint-authenticated", "web/flask_app.py", 8)) dump(&fs);
    assert_non_null(find(&fs, "access.model-endpoint-authenticated", "web/flask_app.py", 8));
    assert_non_null(find(&fs, "access.model-endpoint-unauthenticated", "web/flask_app.py", 12));
    assert_non_null(find(&fs, "access.model-endpoint-authenticated", "chat/views.py", 6));
    if (!find(&fs, "access.model-endpoint-unauthenticated", "chat/views.py", 9)) dump(&fs);
    assert_non_null(find(&fs, "access.model-endpoint-unauthenticated", "chat/views.py", 9));
    assert_non_null(find(&fs, "access.model-endpoint-authenticated", "chat/views.py", 12));
    assert_int_equal(count(&fs, "access.model-endpoint-"), 5);
    finding_list_free(&fs);

    /* a DRF project-wide default permission covers every Django view */
    src_spec d[] = {
        {"chat/llm.py", LANG_PYTHON, LLM_PY},
        {"chat/views.py", LANG_PYTHON,
         "from rest_framework.decorators import api_view\nfrom .llm import answer\n"
         "@api_view(['POST'])\ndef ask(request):\n    return answer(request.data['q'])\n"},
        {"proj/settings.py", LANG_PYTHON,
         "REST_FRAMEWORK = {\n    'DEFAULT_PERMISSION_CLASSES': ['rest_framework.permissions.IsAuthenticated'],\n}\n"},
    };
    finding_list fd = {0};
    analyze(d, 3, &fd);
    const finding *f = find(&fd, "access.model-endpoint-authenticated", "chat/views.py", 3);
    if (!f) dump(&fd);
    assert_non_null(f);
    assert_non_null(strstr(f->message, "proj/settings.py"));
    finding_list_free(&fd);

    /* a Flask before_request hook that checks a token covers every route */
    src_spec h[] = {
        {"app.py", LANG_PYTHON,
         "from flask import Flask, request, abort\nfrom openai import OpenAI\nclient = OpenAI()\napp = Flask(__name__)\n"
         "@app.before_request\ndef gate():\n    if request.headers.get('Authorization') != 'x':\n        abort(401)\n"
         "@app.post('/ask')\ndef ask():\n    return client.chat.completions.create(model='gpt-4o', messages=[])\n"},
    };
    finding_list fh = {0};
    analyze(h, 1, &fh);
    assert_non_null(find(&fh, "access.model-endpoint-authenticated", "app.py", 9));
    finding_list_free(&fh);
}

static void test_streamlit_gradio(void **state)
{
    (void)state;
    finding_list fs = {0};
    src_spec s[] = {
        {"README.md", LANG_NONE, "---\ntitle: Chat\nsdk: streamlit\n---\n# Chat\n"},
        {"app.py", LANG_PYTHON,
         "import streamlit as st\nfrom helpers import reply\n"
         "q = st.chat_input('Ask')\nif q:\n    st.write(reply(q))\n"},
        {"helpers.py", LANG_PYTHON,
         "from openai import OpenAI\nclient = OpenAI()\n"
         "def reply(q):\n    return client.chat.completions.create(model='gpt-4o', messages=[{'role': 'user', 'content': q}])\n"},
    };
    analyze(s, 3, &fs);
    const finding *f = find(&fs, "access.model-endpoint-unauthenticated", "app.py", 1);
    if (!f) dump(&fs);
    assert_non_null(f);
    assert_int_equal(f->severity, SEV_BLOCKER); /* a Hugging Face Space is public */
    assert_non_null(strstr(f->message, "Hugging Face Space"));
    finding_list_free(&fs);

    src_spec g[] = {
        {"ui.py", LANG_PYTHON,
         "import gradio as gr\nimport streamlit_authenticator as stauth\nfrom openai import OpenAI\nclient = OpenAI()\n"
         "def respond(m, h):\n    return client.chat.completions.create(model='gpt-4o', messages=[])\n"
         "demo = gr.ChatInterface(fn=respond)\n"
         "demo.launch(share=True, auth=('admin', 'pw'))\n"},
    };
    finding_list fg = {0};
    analyze(g, 1, &fg);
    f = find(&fg, "access.model-endpoint-authenticated", "ui.py", 5);
    if (!f) dump(&fg);
    assert_non_null(f);
    assert_non_null(strstr(f->message, "Gradio handler"));
    finding_list_free(&fg);
}

#define LLM_TS                                                                                           \
    "import OpenAI from 'openai';\n"                                                                     \
    "const client = new OpenAI();\n"                                                                     \
    "export async function complete(q: string) {\n"                                                      \
    "  return client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: q }] });\n" \
    "}\n"

static void test_express(void **state)
{
    (void)state;
    finding_list fs = {0};
    src_spec s[] = {
        {"src/llm.ts", LANG_TYPESCRIPT, LLM_TS},
        {"src/server.ts", LANG_TYPESCRIPT,
         "import express from 'express';\n"
         "import rateLimit from 'express-rate-limit';\n"
         "import { complete } from './llm';\n"
         "import chatRouter from './routes/chat';\n"
         "const app = express();\n"
         "app.post('/early', async (req, res) => res.json(await complete(req.body.q)));\n"     /* 6 */
         "const limiter = rateLimit({ windowMs: 60000, limit: 10 });\n"
         "app.post('/limited', limiter, async (req, res) => res.json(await complete(req.body.q)));\n" /* 8 */
         "app.use(requireAuth());\n"
         "app.post('/late', async (req, res) => res.json(await complete(req.body.q)));\n"      /* 10 */
         "app.post('/admin', requireRole('admin'), async (req, res) => res.json(await complete(req.body.q)));\n" /* 11 */
         "app.use('/api', chatRouter);\n"
         "app.get('/health', (req, res) => res.send('ok'));\n"},
        {"src/routes/chat.ts", LANG_TYPESCRIPT,
         "import { Router } from 'express';\nimport { complete } from '../llm';\n"
         "const router = Router();\n"
         "router.post('/chat', async (req, res) => res.json(await complete(req.body.q)));\n"  /* 4 */
         "export default router;\n"},
    };
    analyze(s, 3, &fs);
    const finding *f = find(&fs, "access.model-endpoint-unauthenticated", "src/server.ts", 6);
    if (!f) dump(&fs);
    assert_non_null(f);
    assert_int_equal(f->severity, SEV_WARNING); /* nothing says it is exposed */
    f = find(&fs, "access.model-endpoint-unauthenticated", "src/server.ts", 8);
    assert_non_null(f);
    assert_non_null(strstr(f->message, "rate-limited"));
    assert_non_null(find(&fs, "access.model-endpoint-authenticated", "src/server.ts", 10));
    assert_non_null(find(&fs, "access.model-endpoint-roles", "src/server.ts", 11));
    /* the router is mounted after app.use(requireAuth()) in another module */
    f = find(&fs, "access.model-endpoint-authenticated", "src/routes/chat.ts", 4);
    if (!f) dump(&fs);
    assert_non_null(f);
    assert_non_null(strstr(f->message, "src/server.ts:9"));
    finding_list_free(&fs);
}

static void test_next_middleware(void **state)
{
    (void)state;
    const char *route =
        "import { complete } from '@/lib/llm';\n"
        "export async function POST(req: Request) {\n"
        "  const { q } = await req.json();\n"
        "  return Response.json(await complete(q));\n"
        "}\n";
    /* the common matcher excludes /api: the route handler is not covered */
    src_spec s[] = {
        {"app/api/chat/route.ts", LANG_TYPESCRIPT, route},
        {"app/(app)/dashboard/api/route.ts", LANG_TYPESCRIPT, route},
        {"lib/llm.ts", LANG_TYPESCRIPT, LLM_TS},
        {"middleware.ts", LANG_TYPESCRIPT,
         "import { clerkMiddleware } from '@clerk/nextjs/server';\n"
         "export default clerkMiddleware();\n"
         "export const config = { matcher: ['/((?!api|_next/static|_next/image|favicon.ico).*)'] };\n"},
    };
    finding_list fs = {0};
    /* no hosting config: a Next.js route handler is public by construction */
    analyze(s, 4, &fs);
    const finding *f = find(&fs, "access.model-endpoint-unauthenticated", "app/api/chat/route.ts", 2);
    if (!f) dump(&fs);
    assert_non_null(f);
    assert_int_equal(f->severity, SEV_BLOCKER);
    assert_non_null(strstr(f->message, "POST /api/chat"));
    assert_non_null(strstr(f->message, "public by construction"));
    /* route groups vanish from the path; /dashboard/api is covered */
    f = find(&fs, "access.model-endpoint-authenticated", "app/(app)/dashboard/api/route.ts", 2);
    if (!f) dump(&fs);
    assert_non_null(f);
    assert_non_null(strstr(f->message, "/dashboard/api"));
    finding_list_free(&fs);

    src_spec t[] = {
        {"src/app/api/chat/route.ts", LANG_TYPESCRIPT, route},
        {"src/lib/llm.ts", LANG_TYPESCRIPT, LLM_TS},
        {"src/middleware.ts", LANG_TYPESCRIPT,
         "export { auth as middleware } from '@/auth';\nexport const config = { matcher: ['/api/:path*'] };\n"},
        {"src/app/actions.ts", LANG_TYPESCRIPT,
         "'use server';\nimport { complete } from '@/lib/llm';\n"
         "export async function ask(q: string) {\n  const session = await getServerSession(authOptions);\n"
         "  if (!session) throw new Error('401');\n  return complete(q);\n}\n"},
    };
    finding_list ft = {0};
    analyze(t, 4, &ft);
    if (!find(&ft, "access.model-endpoint-authenticated", "src/app/api/chat/route.ts", 2)) dump(&ft);
    assert_non_null(find(&ft, "access.model-endpoint-authenticated", "src/app/api/chat/route.ts", 2));
    assert_non_null(find(&ft, "access.model-endpoint-authenticated", "src/app/actions.ts", 3));
    finding_list_free(&ft);
}

/* Remix actions and loaders, SvelteKit endpoints: public HTTP endpoints by construction. */
static void test_remix_sveltekit(void **state)
{
    (void)state;
    const char *remix =
        "import { complete } from '~/lib/llm';\n"
        "export async function action({ request }) {\n"
        "  const { q } = await request.json();\n"
        "  return Response.json(await complete(q));\n"
        "}\n";
    const char *svelte =
        "import { complete } from '$lib/llm';\n"
        "export async function POST({ request }) {\n"
        "  const { q } = await request.json();\n"
        "  return new Response(await complete(q));\n"
        "}\n";
    const char *llm = "import OpenAI from 'openai';\nconst openai = new OpenAI();\n"
                      "export async function complete(q) {\n"
                      "  return openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: q }] });\n"
                      "}\n";
    src_spec s[] = {
        {"app/routes/api.chat.tsx", LANG_TSX, remix},
        {"app/lib/llm.ts", LANG_TYPESCRIPT, llm},
    };
    finding_list fs = {0};
    analyze(s, 2, &fs);
    const finding *f = find(&fs, "access.model-endpoint-unauthenticated", "app/routes/api.chat.tsx", 2);
    if (!f) dump(&fs);
    assert_non_null(f);
    assert_int_equal(f->severity, SEV_BLOCKER);
    assert_non_null(strstr(f->message, "Remix route POST /api/chat"));
    finding_list_free(&fs);
    /* ordinary inline call in a SvelteKit endpoint */
    const char *svelte_inline = "import OpenAI from 'openai';\nconst openai = new OpenAI();\n"
        "export async function POST({ request }) {\n"
        "  const { q } = await request.json();\n"
        "  return new Response(await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: q }] }));\n"
        "}\n";
    (void)svelte;
    src_spec t[] = {{"src/routes/api/chat/+server.ts", LANG_TYPESCRIPT, svelte_inline}};
    finding_list ft = {0};
    analyze(t, 1, &ft);
    f = find(&ft, "access.model-endpoint-unauthenticated", "src/routes/api/chat/+server.ts", 3);
    if (!f) dump(&ft);
    assert_non_null(f);
    assert_int_equal(f->severity, SEV_BLOCKER);
    assert_non_null(strstr(f->message, "SvelteKit endpoint POST /api/chat"));
    finding_list_free(&ft);
}

/* Astro endpoints (.ts files under src/pages importing from 'astro'), old lowercase and new
 * uppercase method exports: public by construction like SvelteKit endpoints. A helper
 * export in the same file is no handler, and a Next.js pages API file stays Next.js. */
static void test_astro(void **state)
{
    (void)state;
    const char *astro =
        "import type { APIRoute } from 'astro'\n"                                    /* 1 */
        "const key = import.meta.env.OPENAI_API_KEY\n"                               /* 2 */
        "export const post: APIRoute = async (context) => {\n"                       /* 3 */
        "  const body = await context.request.json()\n"                              /* 4 */
        "  return fetch('https://api.openai.com/v1/chat/completions', {\n"           /* 5 */
        "    method: 'POST', headers: { Authorization: `Bearer ${key}` }, body: JSON.stringify(body) })\n"
        "}\n"                                                                        /* 7 */
        "export const helper = async (q) => fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', body: q })\n";
    src_spec s[] = {{"src/pages/api/generate.ts", LANG_TYPESCRIPT, astro}};
    finding_list fs = {0};
    analyze(s, 1, &fs);
    const finding *f = find(&fs, "access.model-endpoint-unauthenticated", "src/pages/api/generate.ts", 3);
    if (!f) dump(&fs);
    assert_non_null(f);
    assert_int_equal(f->severity, SEV_BLOCKER);
    assert_non_null(strstr(f->message, "Astro endpoint POST /api/generate"));
    assert_null(find(&fs, "access.model-endpoint-unauthenticated", "src/pages/api/generate.ts", 8));
    finding_list_free(&fs);
    /* the same named export without the astro import: a Next.js pages API file needs a
     * default export, so nothing is a handler */
    const char *plain = strstr(astro, "const key");
    src_spec t[] = {{"src/pages/api/generate.ts", LANG_TYPESCRIPT, plain}};
    finding_list ft = {0};
    analyze(t, 1, &ft);
    assert_int_equal(count(&ft, "access.model-endpoint"), 0);
    finding_list_free(&ft);
}

/* Auth that admits every request when its secret is unset counts as none (LABELLING). */
static void test_fail_open_auth(void **state)
{
    (void)state;
    const char *auth_open =
        "import os\nfrom fastapi import Header, HTTPException\n"
        "API_KEY = os.getenv('API_KEY')\n"
        "def verify_api_key(x_api_key: str = Header(None)):\n"
        "    if not API_KEY:\n"
        "        return\n"
        "    if x_api_key != API_KEY:\n"
        "        raise HTTPException(status_code=401)\n";
    const char *auth_closed =
        "import os\nfrom fastapi import Header, HTTPException\n"
        "API_KEY = os.environ['API_KEY']\n"
        "def verify_api_key(x_api_key: str = Header(None)):\n"
        "    if x_api_key != API_KEY:\n"
        "        raise HTTPException(status_code=401)\n";
    const char *main_py =
        "from fastapi import Depends, FastAPI\n"
        "from .llm import answer\n"
        "from .auth import verify_api_key\n"
        "app = FastAPI()\n"
        "@app.post('/chat')\n"
        "async def chat(q: str, _=Depends(verify_api_key)):\n"
        "    return answer(q)\n";
    src_spec s[] = {
        {"Procfile", LANG_NONE, "web: uvicorn app.main:app --host 0.0.0.0 --port $PORT\n"},
        {"app/auth.py", LANG_PYTHON, auth_open},
        {"app/llm.py", LANG_PYTHON, LLM_PY},
        {"app/main.py", LANG_PYTHON, main_py},
    };
    finding_list fs = {0};
    analyze(s, 4, &fs);
    const finding *f = find(&fs, "access.model-endpoint-unauthenticated", "app/main.py", 5);
    if (!f) dump(&fs);
    assert_non_null(f);
    assert_int_equal(f->severity, SEV_BLOCKER);
    assert_non_null(strstr(f->message, "admits every request"));
    finding_list_free(&fs);
    s[1].text = auth_closed;
    finding_list fc = {0};
    analyze(s, 4, &fc);
    if (!find(&fc, "access.model-endpoint-authenticated", "app/main.py", 5)) dump(&fc);
    assert_non_null(find(&fc, "access.model-endpoint-authenticated", "app/main.py", 5));
    finding_list_free(&fc);
}

static void test_reach_depth(void **state)
{
    (void)state;
    finding_list fs = {0};
    src_spec s[] = {
        {"app.py", LANG_PYTHON,
         "from fastapi import FastAPI\nfrom openai import OpenAI\nclient = OpenAI()\napp = FastAPI()\n"
         "def g(q):\n    return client.chat.completions.create(model='gpt-4o', messages=[])\n"
         "def f(q):\n    return g(q)\n"
         "def e(q):\n    return f(q)\n"
         "@app.post('/two')\ndef two(q: str):\n    return f(q)\n"      /* 11: two -> f -> g */
         "@app.post('/three')\ndef three(q: str):\n    return e(q)\n"  /* 14: three levels: out of reach */
         "@app.post('/none')\ndef none(q: str):\n    return len(q)\n"},
    };
    analyze(s, 1, &fs);
    const finding *f = find(&fs, "access.model-endpoint-unauthenticated", "app.py", 11);
    if (!f) dump(&fs);
    assert_non_null(f);
    assert_non_null(strstr(f->message, "via f (app.py:7) -> g (app.py:5)"));
    assert_null(find(&fs, "access.model-endpoint-unauthenticated", "app.py", 14));
    assert_null(find(&fs, "access.model-endpoint-unauthenticated", "app.py", 17));
    finding_list_free(&fs);

    /* no handler at all: a script with a model call gets no access findings */
    src_spec t[] = {{"batch.py", LANG_PYTHON, LLM_PY "answer('x')\n"}};
    finding_list ft = {0};
    analyze(t, 1, &ft);
    assert_int_equal(count(&ft, "access."), 0);
    finding_list_free(&ft);
}

static void test_catalog_access_errors(void **state)
{
    (void)state;
    char dir[] = "/tmp/aiready-acc-XXXXXX";
    assert_non_null(mkdtemp(dir));
    buf p = {0};
    buf_printf(&p, "%s/web.yaml", dir);
    FILE *f = fopen(p.data, "w");
    fputs("access:\n  auth:\n    decorators: [login_required]\n    colour: [x]\n  rate_limit:\n    body_regex: \"(\"\n", f);
    fclose(f);
    char *err = NULL;
    calls_catalog *c = calls_catalog_load(dir, &err);
    assert_null(c);
    assert_non_null(err);
    assert_non_null(strstr(err, "web.yaml:4: unknown key 'colour'"));
    assert_non_null(strstr(err, "web.yaml:6: bad regex"));
    free(err);
    remove(p.data);
    rmdir(dir);
    buf_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fastapi_exposed),
        cmocka_unit_test(test_not_exposed),
        cmocka_unit_test(test_router_dependencies),
        cmocka_unit_test(test_flask_and_django),
        cmocka_unit_test(test_streamlit_gradio),
        cmocka_unit_test(test_express),
        cmocka_unit_test(test_next_middleware),
        cmocka_unit_test(test_remix_sveltekit),
        cmocka_unit_test(test_astro),
        cmocka_unit_test(test_fail_open_auth),
        cmocka_unit_test(test_reach_depth),
        cmocka_unit_test(test_catalog_access_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
