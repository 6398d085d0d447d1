# Fixture for reliability/retries.yml: annotations name the rule expected (or not) on
# the next line.
from openai import OpenAI

client = OpenAI()


def answer(question):
    # expect: reliability.python-llm-call-unhandled
    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": question}])


def answer_safely(question):
    try:
        # ok: reliability.python-llm-call-unhandled
        return client.chat.completions.create(model="gpt-4o", messages=[])
    except Exception:
        # expect: reliability.python-llm-call-unhandled
        return client.responses.create(model="gpt-4o-mini", input=question)


def twilio_style(sms):
    # ok: reliability.python-llm-call-unhandled
    return sms.create(to="+1555", body="hi")
