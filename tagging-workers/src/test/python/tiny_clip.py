"""Writes a tiny stand-in for CLIP ViT-B/32 (Xenova's ONNX export) into a folder, for tests.

Same file names, input/output names and shapes as the real model:
  vision_model.onnx  pixel_values [N,3,224,224] float -> image_embeds [N,512]
  text_model.onnx    input_ids [N,77] int64           -> text_embeds [N,512]
  tokenizer.json     Hugging Face tokenizers format, byte-level BPE with '</w>' word ends

The numbers are chosen so that colours mean something: the vision model averages each normalised
colour channel and puts (R, G, B) into dimensions 0..2; the text model averages token embeddings in
which only the words 'red', 'green' and 'blue' are non-zero, each pointing where a pure image of that
colour points. So a red picture lies nearest the text 'a photo of red'.

Usage: /usr/bin/python3 tiny_clip.py OUTDIR
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

DIM = 512
LENGTH = 77


def byte_chars():
    """GPT-2's printable stand-in for each byte, as CLIP's vocabulary spells bytes."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return [chr(c) for _, c in sorted(zip(bs, cs))]


def tokenizer():
    chars = byte_chars()
    vocab = {}
    for c in chars:
        vocab[c] = len(vocab)
    for c in chars:
        vocab[c + "</w>"] = len(vocab)
    # Rank order matters: "g r" must come before "r e", or green would start "g", "re".
    merges = ["g r", "gr e", "gre e", "gree n</w>", "r e", "re d</w>", "b l", "bl u", "blu e</w>", "p h", "ph o"]
    for m in merges:
        vocab[m.replace(" ", "")] = len(vocab)
    vocab["<|startoftext|>"] = len(vocab)
    vocab["<|endoftext|>"] = len(vocab)
    return {
        "version": "1.0",
        "added_tokens": [
            {"id": vocab["<|startoftext|>"], "content": "<|startoftext|>", "special": True},
            {"id": vocab["<|endoftext|>"], "content": "<|endoftext|>", "special": True},
        ],
        "model": {"type": "BPE", "end_of_word_suffix": "</w>", "unk_token": "<|endoftext|>",
                  "vocab": vocab, "merges": merges},
    }


def colour_directions():
    mean = np.array([0.48145466, 0.4578275, 0.40821073])
    std = np.array([0.26862954, 0.26130258, 0.27577711])
    pure = {"red": [1, 0, 0], "green": [0, 1, 0], "blue": [0, 0, 1]}
    return {k: (np.array(v) - mean) / std for k, v in pure.items()}


def vision_model():
    w = np.zeros((3, DIM), dtype=np.float32)
    w[0, 0] = w[1, 1] = w[2, 2] = 1.0
    w[:, 3] = 0.01  # a small shared component, so no image embeds to exactly zero
    graph = helper.make_graph(
        [helper.make_node("ReduceMean", ["pixel_values"], ["channels"], axes=[2, 3], keepdims=0),
         helper.make_node("MatMul", ["channels", "w"], ["image_embeds"])],
        "tiny_clip_vision",
        [helper.make_tensor_value_info("pixel_values", TensorProto.FLOAT, ["batch_size", 3, 224, 224])],
        [helper.make_tensor_value_info("image_embeds", TensorProto.FLOAT, ["batch_size", DIM])],
        [numpy_helper.from_array(w, "w")])
    return graph


def text_model(vocab):
    table = np.zeros((len(vocab), DIM), dtype=np.float32)
    for word, direction in colour_directions().items():
        table[vocab[word + "</w>"], 0:3] = direction
    graph = helper.make_graph(
        [helper.make_node("Gather", ["table", "input_ids"], ["tokens"], axis=0),
         helper.make_node("ReduceMean", ["tokens"], ["text_embeds"], axes=[1], keepdims=0)],
        "tiny_clip_text",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch_size", LENGTH])],
        [helper.make_tensor_value_info("text_embeds", TensorProto.FLOAT, ["batch_size", DIM])],
        [numpy_helper.from_array(table, "table")])
    return graph


def save(graph, path):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, path)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    tok = tokenizer()
    with open(os.path.join(out, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tok, f, ensure_ascii=False)
    save(vision_model(), os.path.join(out, "vision_model.onnx"))
    save(text_model(tok["model"]["vocab"]), os.path.join(out, "text_model.onnx"))


if __name__ == "__main__":
    main()
