"""hf_t2l.chat: the prompt format training learns is the one generation uses, batched or not."""

import torch
from conftest import tiny_llama
from transformers import AutoModelForCausalLM, AutoTokenizer

from hf_t2l.chat import chat_prompt_ids, greedy_answer
from hf_t2l.training.data import encode_example


def test_training_examples_start_with_the_prompt_that_generation_sends(tiny_base):
    tokenizer = AutoTokenizer.from_pretrained(tiny_base)
    prompt_ids = chat_prompt_ids(tokenizer, "word : cat")
    ids, labels = encode_example(tokenizer, "word : cat", "alpha", 64)
    assert ids[: len(prompt_ids)] == prompt_ids
    assert labels[: len(prompt_ids)] == [-100] * len(prompt_ids) and labels[len(prompt_ids)] != -100
    assert tokenizer.convert_ids_to_tokens(prompt_ids)[-3:] == ["<|im_start|>", "assistant", "\n"]


def test_batched_greedy_answers_equal_one_at_a_time_and_leave_the_tokenizer_alone(tiny_base):
    tokenizer = AutoTokenizer.from_pretrained(tiny_base)
    model = AutoModelForCausalLM.from_pretrained(tiny_base).eval()
    side = tokenizer.padding_side
    prompts = ["word : cat", "word : red green blue one two", "dog"]
    alone = [greedy_answer(model, tokenizer, [p], max_new_tokens=4)[0] for p in prompts]
    assert greedy_answer(model, tokenizer, prompts, max_new_tokens=4, batch_size=2) == alone
    assert tokenizer.padding_side == side
    ids = torch.tensor([chat_prompt_ids(tokenizer, prompts[1])])
    expected = model.generate(input_ids=ids, max_new_tokens=4, do_sample=False, pad_token_id=0)[
        0, ids.shape[1] :
    ]
    assert alone[1] == tokenizer.decode(expected, skip_special_tokens=True).strip()


def test_a_tokenizer_without_chat_template_gets_the_plain_prompt(tiny_base):
    tokenizer = AutoTokenizer.from_pretrained(tiny_base)
    tokenizer.chat_template = None
    assert chat_prompt_ids(tokenizer, "word : cat") == tokenizer("word : cat")["input_ids"]
    assert isinstance(
        greedy_answer(tiny_llama(vocab_size=len(tokenizer)), tokenizer, ["cat"], max_new_tokens=2)[0], str
    )
