#!/usr/bin/env python3
"""Writes vectors.jsonl: false-positive traps and true credentials written for this
project from patterns seen in real applications (no upstream text). Every "secret" value
here was made up for this file and was never a live credential."""
import json

N = [  # not secrets
    ("i18n", "json", '{"apiKeyLabel": "API-Schlüssel", "tokenHint": "Geben Sie Ihren Zugriffstoken ein"}'),
    ("i18n", "json", '{"settings": {"apiKey": "APIキーを入力してください", "secret": "シークレットキー"}}'),
    ("i18n", "json", '{"api_key_placeholder": "请输入您的API密钥", "token": "访问令牌"}'),
    ("i18n", "yaml", 'api_key: "당신의_API_키"\naccess_token: "액세스 토큰을 입력하세요"'),
    ("i18n", "txt", 'OPENAI_API_KEY=당신의_OpenAI_API_키'),
    ("i18n", "txt", 'export OPENAI_API_KEY="あなたのAPIキー"'),
    ("i18n", "json", '{"password": "Passwort vergessen?", "secretKey": "Geheimschlüssel"}'),
    ("readme", "txt", 'Set `OPENAI_API_KEY=your-openai-api-key` in `.env`.'),
    ("readme", "txt", 'curl -H "Authorization: Bearer token123" https://api.example.com/v1/items'),
    ("readme", "txt", 'api_key = "<YOUR_API_KEY>"'),
    ("readme", "txt", 'export API_TOKEN=xxxxxxxxxxxxxxxxxxxx'),
    ("readme", "txt", 'ANTHROPIC_API_KEY=sk-ant-...'),
    ("readme", "txt", 'Send the `Idempotency-Key: <uuid>` header with every POST.'),
    ("header", "ts", "headers['Idempotency-Key'] = crypto.randomUUID();"),
    ("header", "py", 'headers = {"X-Request-Id": request_id, "Idempotency-Key": idem_key}'),
    ("reference", "ts", "const token = options?.accessToken ?? session?.accessToken;"),
    ("reference", "ts", "const apiKey = options?.apiKey || config.openai.apiKey;"),
    ("reference", "ts", "has_encrypted_credentials: !!config.encryptedCredentials,"),
    ("reference", "yaml", "env:\n  OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}"),
    ("reference", "yaml", "api_key: ${OPENAI_API_KEY}"),
    ("reference", "py", 'api_key = os.environ.get("OPENAI_API_KEY")'),
    ("reference", "py", 'SECRET_KEY = env("DJANGO_SECRET_KEY")'),
    ("reference", "ts", "const secret = process.env.JWT_SECRET!;"),
    ("reference", "py", 'token = st.secrets["HF_TOKEN"]'),
    ("reference", "py", 'credentials_path = "path/to/credentials.json"'),
    ("reference", "py", '    """Load credentials from path/to/credentials and return a client."""'),
    ("reference", "ts", "const accessToken = await getAccessTokenSilently();"),
    ("reference", "py", "api_key = self.settings.openai_api_key"),
    ("reference", "toml", 'api_key = "env(OPENAI_API_KEY)"'),
    ("local", "py", 'client = OpenAI(base_url="http://localhost:11434/v1", api_key="ollama")'),
    ("local", "env", "OPENAI_API_KEY=EMPTY"),
    ("placeholder", "env", "SECRET_KEY=changeme-in-production"),
    ("placeholder", "py", 'JWT_SECRET = "your-256-bit-secret"'),
    ("placeholder", "py", 'password = "p@ssw0rd"'),
    ("placeholder", "json", '{"user": "JohnDoe", "password": "p@ssw0rd", "email": "johndoe@example.com"}'),
    ("placeholder", "ts", "const apiKey = 'sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx';"),
    ("placeholder", "py", 'API_KEY = "1a2b3c4d5e6f7g8h9i0j"'),
    ("placeholder", "py", 'api_key = "abc123def456ghi789"'),
    ("placeholder", "yaml", "stripe_secret_key: sk_test_placeholder_key_here"),
    ("placeholder", "py", 'TOKEN = "123e4567-e89b-12d3-a456-426614174000"'),
    ("placeholder", "py", 'ENCRYPTION_KEY = "................................"'),
    ("identifier", "py", 'model_key = "gpt-4o-mini-2024-07-18"'),
    ("identifier", "ts", "const cacheKey = `user:${userId}:profile`;"),
    ("identifier", "py", 'GOOGLE_CLIENT_ID = "1234-abcdefg.apps.googleusercontent.com"'),
    ("identifier", "py", 'idempotency_key = "a8f5f167f44f4964e6c998dee827110c"'),
    ("identifier", "ts", "const sortKey = 'createdAt_desc_v2';"),
    ("identifier", "py", 'max_tokens = 4096\ntoken_limit = 128000'),
    ("identifier", "py", 'secret_name = "prod/openai/api-key"'),
    ("identifier", "ts", "const STRIPE_PUBLISHABLE_KEY = 'pk_live_51Hc8vQ2eZvKYlo2CfUy0oqyW';"),
    ("dataset", "txt", 'id,text,label\n17,"how do I reset my password?",account\n18,"token limit exceeded",billing'),
    ("code", "py", 'def get_token(self, key: str = "default") -> str:'),
    ("code", "py", 'password_hash = bcrypt.hashpw(password.encode(), bcrypt.gensalt())'),
    ("code", "ts", "const tokenizer = new Tokenizer({ vocab: 'cl100k_base' });"),
    ("code", "py", 'TOKEN_URL = "https://oauth2.googleapis.com/token"'),
    # issue 13, second round: identifiers, public keys, empty values, hashes as React keys
    ("identifier", "ts", "const authToken = sessionToken ?? refreshedSessionToken;"),
    ("identifier", "ts", "const apiKey = 'XMLHttpRequestUploadApiKey';"),
    ("public", "ts", "const MAPBOX_TOKEN = 'pk.eyJ1IjoiZGVtb2NvIiwiYSI6ImNsczB4Y2F6cTBhYnEyanBkbTZ1Z3dnN2QifQ.Hv3Lq8Zt2Xw9Rk4Pm7Nc5B';"),
    ("public", "py", 'POSTHOG_API_KEY = "phc_Rk4Pm7Nc5BHv3Lq8Zt2Xw9Jd6Wn8Pq4Tz1Kc5MxYb2"'),
    ("empty", "env", "OPENAI_API_KEY=\nOPENAI_BASE_URL=https://api.openai.com/v1"),
    ("react", "ts", 'items.map((m) => <Message key="msg-item-8f2a9c3d7e1b4a6f" {...m} />)'),
    ("coordinate", "txt", "[INFO]    com.google.api:gax-httpjson-api:jar:0.104.2:compile"),
    ("reference", "ts", "secretAccessKey: process.env.S3_UPLOAD_SECRET!!,"),
    ("server", "ts", "const url = `https://maps.example.com/geocode?key=${process.env.MAPS_KEY}&q=${q}`;"),
    # issue 13, third round: false blockers of real applications, by cause
    ("reference", "ts", "headers: {\n  'Authorization': !proxied ? `Bearer ${parameters.apiKey}` : '',\n}"),
    ("reference", "ts", "const headers = { Authorization: `Bearer ${this.options.apiKey}` };"),
    ("manifest", "json", '{\n  "dependencies": {\n    "next-auth": "^5.0.0-beta.25",\n    "@auth/prisma-adapter": "^2.7.4",\n    "jsonwebtoken": "~9.0.2"\n  }\n}'),
    ("manifest", "txt", '[tool.poetry.dependencies]\npython = "^3.11"\nauthlib = "^1.3.1"\npython-jose-auth = "~=3.3.0"'),
    ("code", "py", 'load_tools(\n    url=url, headers=headers, auth_type="bearer", server_index=idx\n)'),
    ("section", "txt", '[secrets]\nclient_id = "8c3f2a91.apps.example.com"\nredirect_uri = "https://app.example.com/oauth2callback"'),
    ("format", "py", 'API_TOKEN = "Hq3Vn8Lx2Rz7Km4Wt9Bp%s" % suffix'),
    # issue 13, fourth round: notes that name a credential without one, vendor-prefixed
    # look-alikes, punctuation no generated key holds
    ("note", "txt", "public key 9CnzWq7Lm2Zr9Tx4Kp8Vc3Nd6Hs1Bf"),
    ("note", "txt", "access token expires in 3600 seconds"),
    ("note", "md", "- rotate the signing key every 90 days (runbook v2.3.1)"),
    ("lookalike", "py", 'CLOUDFLARE_API_TOKEN = "cfut_Lq8Zt2Xw9Jd6Wn8Pq4"'),
    ("lookalike", "go", 'token := "gloas-9f3a2b7c1d4e5f60a8b9c0d1e2f3a4b5"'),
    ("punctuation", "ts", "const weatherKey = 'Kq7Zr2L$mX4vT9w@Kp1Yc7Nd3Hs6Bf';"),
    ("punctuation", "txt", "API_KEY=WnQ8p{Zr2}Lm4#Vt7Kx9Hb3Jd6"),
    ("handmade", "env", "SIMVOLY_ACCESS_TOKEN=r7s8t9u0v1w2x3y4z5a6b7c8"),
    ("cli", "txt", "docker run --rm -u 1000 -p 8080:80 -e API_KEY=$API_KEY acme/web:1.4"),
]
S = [  # secrets (values generated for this file)
    ("settings", "py", 'class Settings(BaseSettings):\n    encryption_key: str = "v8Rk2mQ7xLp4Tz9Wn3Hb6Jd1"'),
    ("settings", "py", 'ENCRYPTION_KEY = os.getenv("ENCRYPTION_KEY", "Zq4Lr9Qx2Mv7Ht1Ks8Wd3Bn")'),
    ("settings", "ts", 'const JWT_SECRET = process.env.JWT_SECRET || "b7Nq2Vx9Lm4Kp8Rt3Wz6";'),
    ("settings", "ts", "const apiKey = process.env.MAPS_API_KEY ?? 'Fj3kL9mQ2xR7tV5wZ8bN4c';"),
    ("settings", "py", 'SECRET_KEY = "django-insecure-7h$k2!q9x@m4^v8r&z3w*p6n1b5c0"'),
    ("kwarg", "py", 'client = Pinecone(api_key="3f9c2a71-8b4d-4e6f-a1c3-9d7e5b2f0a48")'),
    ("kwarg", "py", 'qdrant = QdrantClient(url=URL, api_key="Qk8Wn2Rx7Lp4Vz9Tm3Hb6Jd")'),
    ("dict", "py", 'config = {"api_key": "Mx7Rq2Lz9Vk4Wp8Tn3Hb6Jc1", "region": "eu"}'),
    ("dict", "py", 'os.environ["SERPER_API_KEY"] = "97e73c2f1a8b4d6e0c5f9a3b7d1e8f2c4a6b9d0e"'),
    ("object", "ts", "const client = new Client({ accessToken: 'Hq3Vn8Lx2Rz7Km4Wt9Bp6Jd', space: 'x' });"),
    ("yaml", "yaml", "services:\n  search:\n    api_key: Rz4Lm9Qx2Vt7Kp1Wn8Hb3Jd6"),
    ("toml", "toml", '[openai]\napi_key = "Lp9Qx2Vt7Kz4Wm1Rn8Hb3Jd6"'),
    ("ini", "txt", '[database]\npassword = Tq7!zK2#mW9x'),
    ("env", "env", "SENDBIRD_API_TOKEN=c8f2a91d7e4b3f6a0d5c9e2b8a7f1d4c6e3b0a95"),
    ("env", "env", "PINECONE_API=3f9c2a71-8b4d-4e6f-a1c3-9d7e5b2f0a48"),
    ("json", "json", '{"webhookSecret": "whsec_Nq2Vx9Lm4Kp8Rt3Wz6Bh7Jd1"}'),
    ("conn", "py", 'DATABASE_URL = "postgresql://app:Vq7kLz2mRx9t@db.internal.example.net:5432/app"'),
    ("conn", "env", "MONGO_URI=mongodb+srv://admin:T9xQ2mLk7Vz4@cluster0.ab12cd.mongodb.net/prod"),
    ("conn", "txt", "Server=tcp:prod.database.windows.net;Database=app;User ID=app;Password=Xk2#Vq9mLz7!;"),
    ("storage", "txt", "DefaultEndpointsProtocol=https;AccountName=prodstore;AccountKey=AkFDsY2xLs9Rwoq/sbuJFU4ri6L/XyDn/xxtigB7THFNhW1knd9S90uYhoeBogKHBrGDNfnWbhDRtuaDuLmOPA==;EndpointSuffix=core.windows.net"),
    ("npm", "txt", "//registry.npmjs.org/:_authToken=npm_Vq7kLz2mRx9tHb3Jd6Wn8Pq4Tz1Kc5Mx"),
    ("pypi", "txt", "[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmcCJGI3ZDk4YjFhLTJjNGQtNGU1Zi1hNmI3LWM4ZDllMGYxYTJiMwACKlszLCJlYjc"),
    ("docker", "json", '{"auths": {"https://index.docker.io/v1/": {"auth": "dXNlcjpka3JfcGF0X1ZxN2tMejJtUng5dEhiM0pkNg=="}}}'),
    ("jwt", "py", 'SERVICE_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtYmlsbGluZyIsInJvbGUiOiJzZXJ2aWNlIiwiZXhwIjo0MTAyNDQ0ODAwfQ.Qm3xV9kL2pR7tW4zH8bN6cJ1dF5gY0sA3eU9iO2pXcM"'),
    ("bearer", "py", 'headers = {"Authorization": "Bearer Vq7kLz2mRx9tHb3Jd6Wn8Pq4Tz1Kc5Mx"}'),
    ("comment", "py", '# os.environ["OPENAI_API_KEY"] = "sk-Vq7kLz2mRx9tHb3Jd6Wn8Pq4Tz1Kc5MxT3BlbkFJ"'),
    # issue 13, second round: formatter line breaks, URL query keys, XML config, Docker auths
    ("multiline", "ts", 'export const billingApiToken =\n  "Jd6Wn8Pq4Tz1Kc5MxYb2Rk4Pm7Nc5BHv3Lq8Z";'),
    ("url_query", "py", 'resp = requests.get(f"https://api.weatherly.dev/v2/now?key=Tz1Kc5MxYb2Rk4Pm7Nc5BHv3&city={city}")'),
    ("xml", "txt", '<appSettings>\n  <add key="TranslatorApiKey" value="Nc5BHv3Lq8Zt2Xw9Jd6Wn8Pq4Tz1Kc5M" />\n</appSettings>'),
    ("docker", "json", '{"auths": {"ghcr.io": {"auth": "ZGVwbG95Ok5jNUJIdjNMcThadDJYdzlKZDZXbg=="}}}'),
    ("bare_key", "py", 'fernet = Fernet(key=b"Xw9Jd6Wn8Pq4Tz1Kc5MxYb2Rk4Pm7Nc5BHv3Lq8Zt2=")'),
    # issue 13, third round: credential sections, self-identifying tokens, service URLs
    ("section", "txt", '[passwords]\n# user = password\nanalyst = "Tz1Kc5MxYb2Rk4Pm"'),
    ("token", "py", 'tavily = TavilyClient(api_key="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")'),
    ("token", "py", 'bot = telebot.TeleBot("7104382215:AAHq3Vn8Lx2Rz7Km4Wt9Bp6JdMx7Rq2Lz9V")'),
    ("token", "txt", "billing token - 'Mx7Rq2Lz9Vk4Wp8Tn3Hb6Jc1Rz4Lm9Q'"),
    ("conn", "env", "CELERY_BROKER_URL=amqps://worker:Lz9Vk4Wp8T@mq.internal.example.net:5671/jobs"),
    # issue 13, fourth round: a note naming a service's credential, then its value; a
    # GitHub token whose CRC-32 checksum holds (random body, checksum computed for it)
    ("note", "txt", "mailjet SECRET Rk4Pm7Nc5BHv3Lq8Zt2Xw9Jd6Wn8Pq4T"),
    ("note", "txt", "# geocoder access key: Wn8Pq4Tz1Kc5MxYb2Rk4Pm7Nc5"),
    ("checksum", "py", 'GH_TOKEN = "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"'),
    ("cli", "txt", "docker login registry.example.net -u ci-deploy -p Hq3Vn8Lx2Rz7Km4Wt9"),
]


def main():
    out, k = [], 0
    for expect, rows in (("not_secret", N), ("secret", S)):
        for kind, lang, text in rows:
            k += 1
            out.append({"id": f"t{k:03d}", "source": "traps", "rule": kind, "kind": kind, "expect": expect,
                        "text": text, "lang_hint": lang if lang in ("py", "js", "ts", "yaml", "json", "txt", "env") else "txt"})
    with open("vectors.jsonl", "w", encoding="utf-8") as fh:
        for v in out:
            fh.write(json.dumps(v, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
