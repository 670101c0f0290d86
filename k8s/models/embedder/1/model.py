"""Triton python-backend model `embedder`: the sentence embeddings of the configured model.

The model is the config.pbtxt parameter `renvoi_embed_model`, which must equal the services'
RENVOI_EMBED_MODEL (renvoi.embed.model: minilm, bge-small-q, e5-small-q; common's EmbeddingModel).
Reads the input `text` (BYTES [-1], UTF-8 strings, already prefixed with the model's query or passage
instruction by the services), writes `embedding` (FP32 [-1, 384]): the model's pooling (attention-masked mean,
or the [CLS] state for bge), then L2 normalisation, as sentence-transformers and the in-process ONNX model do.
Weights: the model's Hugging Face folder copied next to this file under the name in MODELS (config.json,
tokenizer files, model.safetensors). Nothing is downloaded at run time.
"""
import json
import os

import numpy as np
import torch
import triton_python_backend_utils as pb_utils
from transformers import AutoModel, AutoTokenizer

DIMENSIONS = 384
# renvoi.embed.model -> (weights folder, pooling, window in word pieces with special tokens). The window is part
# of EmbeddingModel.version() ("all-minilm-l6-v2/256", ...); vectors must be comparable with the in-process model.
# The -q models are int8 ONNX exports of the same weights: on a GPU run the float weights.
MODELS = {
    "minilm": ("all-MiniLM-L6-v2", "mean", 256),
    "bge-small-q": ("bge-small-en-v1.5", "cls", 512),
    "e5-small-q": ("e5-small-v2", "mean", 512),
}


class TritonPythonModel:
    def initialize(self, args):
        config = json.loads(args["model_config"])
        name = config.get("parameters", {}).get("renvoi_embed_model", {}).get("string_value", "bge-small-q")
        folder, self.pooling, self.max_tokens = MODELS[name]
        weights = os.path.join(args["model_repository"], args["model_version"], folder)
        if args["model_instance_kind"] == "GPU":
            self.device = torch.device("cuda", int(args["model_instance_device_id"]))
        else:
            self.device = torch.device("cpu")
        self.tokenizer = AutoTokenizer.from_pretrained(weights)
        self.model = AutoModel.from_pretrained(weights).to(self.device).eval()

    def execute(self, requests):
        responses = []
        for request in requests:
            raw = pb_utils.get_input_tensor_by_name(request, "text").as_numpy().reshape(-1)
            texts = [t.decode("utf-8") if isinstance(t, bytes) else str(t) for t in raw]
            vectors = self._embed(texts) if texts else np.zeros((0, DIMENSIONS), dtype=np.float32)
            responses.append(pb_utils.InferenceResponse(output_tensors=[pb_utils.Tensor("embedding", vectors)]))
        return responses

    def _embed(self, texts):
        with torch.inference_mode():
            enc = self.tokenizer(texts, padding=True, truncation=True, max_length=self.max_tokens,
                                 return_tensors="pt").to(self.device)
            hidden = self.model(**enc).last_hidden_state
            if self.pooling == "cls":
                pooled = hidden[:, 0]
            else:
                mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
            normed = torch.nn.functional.normalize(pooled, p=2, dim=1)
        return normed.float().cpu().numpy()
