from fastapi import FastAPI

app = FastAPI()


@app.get("/")
def read_root():
    return {"message": "Halo dari fastapi-app! / Hello from fastapi-app!"}
